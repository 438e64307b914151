package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.MethodRule;
import io.leakguard.agent.instrument.weave.Value;

/** The hooks the JDBC targets share: calls into {@code io.leakguard.bootstrap.JdbcHooks}, and the method rules. */
final class JdbcCalls {
    static final String OWNER = "io/leakguard/bootstrap/JdbcHooks";
    static final String O = "Ljava/lang/Object;";
    static final String OBJECT_1 = "(" + O + ")V";
    static final String OBJECT_2 = "(" + O + O + ")V";
    static final String OBJECT_3 = "(" + O + O + O + ")V";

    private JdbcCalls() {
    }

    static Hook enter(String name, String descriptor, Value... values) {
        return Hook.enter(name, descriptor, values).on(OWNER);
    }

    static Hook exit(String name, String descriptor, Value... values) {
        return Hook.exit(name, descriptor, values).on(OWNER);
    }

    static Hook thrown(String name, String descriptor, Value... values) {
        return Hook.thrown(name, descriptor, values).on(OWNER);
    }

    /** An entry hook whose non-null message is thrown as {@code exception}, with {@code sqlState} if given. */
    static Hook refuse(String exception, String sqlState, String name, String descriptor, Value... values) {
        return Hook.refuse(exception, sqlState, name, descriptor, values).on(OWNER);
    }

    /** Every public SQL call but those named: marks the handle's connection used (enforce mode's reclaim). */
    static MethodHooks use(String... except) {
        return MethodHooks.where("every SQL call but " + String.join(", ", except), MethodRule.sqlCallsExcept(except),
                enter("used", OBJECT_1, Value.THIS));
    }

    /** close() with no arguments, returned or threw: the statement or result set is released. */
    static MethodHooks release() {
        return MethodHooks.where("close()", MethodRule.named("close").descriptorStarting("()"),
                exit("released", OBJECT_1, Value.THIS), thrown("released", OBJECT_1, Value.THIS));
    }

    /** A pool's own connection-making method: what is opened inside is the pool's (enter, exit either way). */
    static MethodHooks scope(String method) {
        return MethodHooks.anyNamed(method, enter("enter", "()V"), exit("exit", "()V"), thrown("exit", "()V"));
    }
}

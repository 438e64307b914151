package io.leakguard.agent.instrument.jdbc;

import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_3;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.exit;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.refuse;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.thrown;
import static io.leakguard.agent.instrument.weave.Value.NULL;
import static io.leakguard.agent.instrument.weave.Value.RETURNED_OBJECT;
import static io.leakguard.agent.instrument.weave.Value.THIS;

import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.MethodRule;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * Every javax.sql.DataSource: {@code getConnection()} and {@code getConnection(user, password)}.
 * For a pool this is the borrow, and the handle it returns is what the application must give
 * back. Only the outermost call on a thread counts (a wrapper DataSource calling a pool calling
 * a driver is one acquisition, the application's). In enforce mode the connection quotas are
 * checked on the way in: a refusal is thrown as SQLTransientConnectionException. The password
 * is never read.
 */
public final class DataSourceTarget implements InterfaceTarget {
    static final String REFUSED = "java/sql/SQLTransientConnectionException";
    static final String CONNECT_ENTER = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;";

    @Override
    public String typeName() {
        return "javax.sql.DataSource";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                MethodHooks.where("getConnection()", MethodRule.named("getConnection").descriptorStarting("()"),
                        refuse(REFUSED, null, "connectEnter", CONNECT_ENTER, THIS, NULL, NULL),
                        exit("dataSourceConnected", OBJECT_3, RETURNED_OBJECT, THIS, NULL),
                        thrown("dataSourceConnected", OBJECT_3, NULL, THIS, NULL)),
                MethodHooks.where("getConnection(String, String)",
                        MethodRule.named("getConnection").descriptorStarting("(Ljava/lang/String;Ljava/lang/String;)"),
                        refuse(REFUSED, null, "connectEnter", CONNECT_ENTER, THIS, NULL, Value.arg(0)),
                        exit("dataSourceConnected", OBJECT_3, RETURNED_OBJECT, THIS, Value.arg(0)),
                        thrown("dataSourceConnected", OBJECT_3, NULL, THIS, Value.arg(0))));
    }
}

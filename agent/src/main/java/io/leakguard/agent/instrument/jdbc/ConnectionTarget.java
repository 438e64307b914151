package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every java.sql.Connection (drivers' and pools' proxies alike): statements are acquired by
 * createStatement, prepareStatement and prepareCall, and close() releases the connection and,
 * as JDBC says, every statement on it.
 */
public final class ConnectionTarget implements Target {
    @Override
    public String typeName() {
        return "java.sql.Connection";
    }

    @Override
    public ElementMatcher<? super TypeDescription> type() {
        return JdbcTypes.implementing(typeName());
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(CreateStatement.class).on(named("createStatement").or(named("prepareStatement"))
                        .or(named("prepareCall")).and(not(isAbstract()))),
                Advice.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments()).and(not(isAbstract()))));
    }

    static final class CreateStatement {
        private CreateStatement() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Tracker.jdbcEnter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return Object statement) {
            Tracker.jdbcStatementCreated(self, statement);
        }
    }
}

package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.bootstrap.Tracker;
import java.sql.SQLTransientConnectionException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Every javax.sql.DataSource: {@code getConnection()} and {@code getConnection(user, password)}.
 * For a pool this is the borrow, and the handle it returns is what the application must give
 * back. Only the outermost call on a thread counts (a wrapper DataSource calling a pool calling
 * a driver is one acquisition, the application's). In enforce mode the connection quotas are
 * checked on the way in.
 */
public final class DataSourceTarget extends JdbcInterfaceTarget {
    @Override
    public String typeName() {
        return "javax.sql.DataSource";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(GetConnection.class).on(named("getConnection").and(takesArguments(0)).and(not(isAbstract()))),
                Advices.to(GetConnectionAsUser.class).on(named("getConnection")
                        .and(takesArguments(String.class, String.class)).and(not(isAbstract()))));
    }

    static final class GetConnection {
        private GetConnection() {
        }

        /** Not suppressed: a quota refusal must reach the caller (the tracker itself never throws). */
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self) throws SQLTransientConnectionException {
            String refusal = Tracker.jdbcConnectEnter(self, null, null);
            if (refusal != null) {
                throw new SQLTransientConnectionException(refusal);
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return Object connection) {
            Tracker.jdbcDataSourceConnected(self, connection, null);
        }
    }

    static final class GetConnectionAsUser {
        private GetConnectionAsUser() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self, @Advice.Argument(0) Object user)
                throws SQLTransientConnectionException {
            String refusal = Tracker.jdbcConnectEnter(self, null, user);
            if (refusal != null) {
                throw new SQLTransientConnectionException(refusal);
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return Object connection, @Advice.Argument(0) Object user) {
            Tracker.jdbcDataSourceConnected(self, connection, user);
        }
    }
}

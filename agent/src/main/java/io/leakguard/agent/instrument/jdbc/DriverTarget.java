package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.bootstrap.Tracker;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Every java.sql.Driver: {@code connect(url, properties)} opens a physical connection (also
 * what DriverManager.getConnection calls). The URL and the user are kept for reports, with
 * credentials removed; the properties' password is never read.
 */
public final class DriverTarget extends JdbcInterfaceTarget {
    @Override
    public String typeName() {
        return "java.sql.Driver";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advices.to(Connect.class).on(named("connect").and(takesArguments(String.class, Properties.class))
                .and(not(isAbstract())));
    }

    static final class Connect {
        private Connect() {
        }

        /** Not suppressed: a quota refusal must reach the caller (the tracker itself never throws). */
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object url, @Advice.Argument(1) Object properties)
                throws SQLTransientConnectionException {
            String refusal = Tracker.jdbcConnectEnter(null, url, properties);
            if (refusal != null) {
                throw new SQLTransientConnectionException(refusal);
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return Object connection, @Advice.Argument(0) Object url,
                         @Advice.Argument(1) Object properties) {
            Tracker.jdbcDriverConnected(connection, url, properties);
        }
    }
}

package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.canThrow;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.bootstrap.Tracker;
import java.sql.SQLException;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Every java.sql.Statement (and so PreparedStatement and CallableStatement): result sets are
 * acquired by executeQuery and getResultSet; close() releases the statement and its result sets.
 * The execute methods also mark the connection as executing (never reclaimed mid-query) and, in
 * enforce mode, apply the default query timeout where the application set none and the statement
 * has none; a setQueryTimeout of the application's own, even 0, is left alone.
 */
public final class StatementTarget extends JdbcInterfaceTarget {
    private final boolean trackUse;

    public StatementTarget(boolean trackUse) {
        this.trackUse = trackUse;
    }

    @Override
    public String typeName() {
        return "java.sql.Statement";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Execute.class).on(named("executeQuery").or(named("execute")).or(named("executeUpdate"))
                        .or(named("executeLargeUpdate")).or(named("executeBatch")).or(named("executeLargeBatch"))
                        .and(not(isAbstract()))),
                Advices.to(UseAdvice.class).on(isMethod().and(isPublic()).and(not(isStatic())).and(not(isAbstract()))
                        .and(canThrow(SQLException.class)).and(not(nameStartsWith("execute")))
                        .and(not(namedOneOf("close", "isClosed", "getResultSet", "setQueryTimeout")))
                        .and(b -> trackUse)),
                Advices.to(Query.class).on(named("getResultSet").and(not(isAbstract()))),
                Advices.to(TimeoutChosen.class).on(named("setQueryTimeout").and(not(isAbstract()))),
                Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments()).and(not(isAbstract()))));
    }

    /**
     * The first argument is the SQL for a plain Statement's execute methods (kept only with
     * jdbc.capture-sql=on); absent (null) for a PreparedStatement's and for the batch methods.
     */
    static final class Execute {
        private Execute() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Statement self,
                          @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object first)
                throws SQLException {
            int timeout = Tracker.jdbcExecuteEnter(self, first);
            // A statement that already has a timeout (a driver or pool default, or H2, whose
            // timeout is the session's and was set by an earlier statement) keeps it: on H2 each
            // setQueryTimeout runs a SET command, which made enforce mode's statement path 4.7x.
            if (timeout > 0) {
                // Inline, not a helper: advice runs in the driver's class, which may not see the
                // agent's classes. A driver that cannot say (throws) has none: the default applies.
                int current;
                try {
                    current = self.getQueryTimeout();
                } catch (Exception e) {
                    current = 0;
                }
                if (current == 0) {
                    self.setQueryTimeout(timeout);
                }
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
            Tracker.jdbcExecuteExit(self, result);
        }
    }

    static final class TimeoutChosen {
        private TimeoutChosen() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self) {
            Tracker.jdbcTimeoutChosen(self);
        }
    }

    static final class Query {
        private Query() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Tracker.jdbcEnter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return Object resultSet) {
            Tracker.jdbcResultSetCreated(self, resultSet);
        }
    }
}

package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.canThrow;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.bootstrap.Tracker;
import java.sql.SQLException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Every java.sql.Connection (drivers' and pools' proxies alike): statements are acquired by
 * createStatement, prepareStatement and prepareCall (whose SQL is passed on for
 * jdbc.capture-sql), and close() or abort(Executor) releases the connection and,
 * as JDBC says, every statement on it.
 */
public final class ConnectionTarget extends JdbcInterfaceTarget {
    @Override
    public String typeName() {
        return "java.sql.Connection";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(ReclaimedCheck.class).on(isMethod().and(isPublic()).and(not(isStatic())).and(not(isAbstract()))
                        .and(canThrow(SQLException.class)).and(not(namedOneOf("close", "isClosed", "abort", "isValid")))),
                Advices.to(TransactionEnded.class).on(named("commit").or(named("rollback")).and(takesNoArguments())
                        .and(not(isAbstract()))),
                Advices.to(AutoCommitSet.class).on(named("setAutoCommit").and(takesArgument(0, boolean.class))
                        .and(not(isAbstract()))),
                Advices.to(CreateStatement.class).on(named("createStatement").and(not(isAbstract()))),
                Advices.to(PrepareStatement.class).on(named("prepareStatement").or(named("prepareCall"))
                        .and(takesArgument(0, String.class)).and(not(isAbstract()))),
                Advices.to(Closed.class).on(named("close").and(takesNoArguments()).and(not(isAbstract()))),
                Advices.to(Aborted.class).on(named("abort").and(takesArguments(1)).and(not(isAbstract()))));
    }

    /**
     * close(): releases a tracked connection; ci mode also remembers an untracked one (see
     * Tracker.jdbcConnectionClosed). On exit, normal or not, like every release: whoever called
     * close() was done with the connection.
     */
    static final class Closed {
        private Closed() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Tracker.jdbcConnectionClosed(self);
        }
    }

    /**
     * abort(Executor) returned: JDBC says the connection is closed from then on, whoever called it
     * (a pool's close() aborting what is borrowed, the application). One that threw (no
     * permission, a null executor) closed nothing. Rare: costs monitor mode nothing.
     */
    static final class Aborted {
        private Aborted() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                Tracker.jdbcAborted(self);
            }
        }
    }

    /**
     * Every call marks the connection used (enforce mode: reclaim takes back only connections
     * nobody touches). After leakguard reclaimed a handle, its next use fails with a message
     * saying so and where it was acquired, instead of the pool's puzzling "connection is closed".
     * Two volatile reads in monitor mode, or while nothing was ever reclaimed.
     */
    static final class ReclaimedCheck {
        private ReclaimedCheck() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self) throws SQLException {
            String reclaimed = Tracker.jdbcConnectionCall(self);
            if (reclaimed != null) {
                throw new SQLException(reclaimed, "08003");
            }
        }
    }

    /** commit() or rollback() returned: no transaction in progress (reclaim may take an idle connection). */
    static final class TransactionEnded {
        private TransactionEnded() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Tracker.jdbcTransactionEnded(self);
        }
    }

    /** setAutoCommit returned: autocommit as the application set it (true also commits). */
    static final class AutoCommitSet {
        private AutoCommitSet() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) boolean on) {
            Tracker.jdbcAutoCommitSet(self, on);
        }
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

    /** prepareStatement/prepareCall: the SQL goes along (kept only with jdbc.capture-sql=on). */
    static final class PrepareStatement {
        private PrepareStatement() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Tracker.jdbcEnter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) String sql, @Advice.Return Object statement) {
            Tracker.jdbcStatementPrepared(self, statement, sql);
        }
    }
}

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
 * Every java.sql.Statement (and so PreparedStatement and CallableStatement): result sets are
 * acquired by executeQuery and getResultSet; close() releases the statement and its result sets.
 */
public final class StatementTarget implements Target {
    @Override
    public String typeName() {
        return "java.sql.Statement";
    }

    @Override
    public ElementMatcher<? super TypeDescription> type() {
        return JdbcTypes.implementing(typeName());
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(Query.class).on(named("executeQuery").or(named("getResultSet")).and(not(isAbstract()))),
                Advice.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments()).and(not(isAbstract()))));
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

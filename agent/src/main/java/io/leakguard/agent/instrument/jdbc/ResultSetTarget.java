package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Every java.sql.ResultSet: released by close() (or by closing its statement or connection). */
public final class ResultSetTarget implements Target {
    @Override
    public String typeName() {
        return "java.sql.ResultSet";
    }

    @Override
    public ElementMatcher<? super TypeDescription> type() {
        return JdbcTypes.implementing(typeName());
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments()).and(not(isAbstract())));
    }
}

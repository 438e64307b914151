package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/** Every java.sql.ResultSet: released by close() (or by closing its statement or connection). */
public final class ResultSetTarget extends JdbcInterfaceTarget {
    @Override
    public String typeName() {
        return "java.sql.ResultSet";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments()).and(not(isAbstract())));
    }
}

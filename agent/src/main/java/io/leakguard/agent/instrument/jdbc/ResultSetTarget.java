package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.canThrow;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import java.sql.SQLException;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Every java.sql.ResultSet: released by close() (or by closing its statement or connection);
 * every other call (next, the getters) marks its connection used, for enforce mode's reclaim.
 */
public final class ResultSetTarget extends JdbcInterfaceTarget {
    private final boolean trackUse;

    public ResultSetTarget(boolean trackUse) {
        this.trackUse = trackUse;
    }

    @Override
    public String typeName() {
        return "java.sql.ResultSet";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(UseAdvice.class).on(isMethod().and(isPublic()).and(not(isStatic())).and(not(isAbstract()))
                        .and(canThrow(SQLException.class)).and(not(namedOneOf("close", "isClosed")))
                        .and(m -> trackUse)),
                Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments()).and(not(isAbstract()))));
    }
}

package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Apache DBCP2's PoolableConnectionFactory: makeObject opens a physical connection; validate,
 * activate and passivate run statements on it. All of it is the pool's own work.
 */
public final class Dbcp2ConnectionFactoryTarget implements Target {
    @Override
    public String typeName() {
        return "org.apache.commons.dbcp2.PoolableConnectionFactory";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advices.to(JdbcScopeAdvice.class).on(named("makeObject").or(named("validateObject"))
                .or(named("activateObject")).or(named("passivateObject")).or(named("destroyObject")));
    }
}

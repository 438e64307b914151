package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * HikariCP's PoolBase.newConnection: where the pool opens (and sets up) a physical connection,
 * on its own threads or, at start-up, on the application's. Everything inside is the pool's.
 */
public final class HikariPoolBaseTarget implements Target {
    @Override
    public String typeName() {
        return "com.zaxxer.hikari.pool.PoolBase";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advices.to(JdbcScopeAdvice.class).on(named("newConnection"));
    }
}

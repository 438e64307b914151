package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * HikariCP's PoolBase.newConnection: where the pool opens (and sets up) a physical connection,
 * on its own threads or, at start-up, on the application's. Everything inside is the pool's.
 */
public final class HikariPoolBaseTarget implements AppTarget {
    @Override
    public String typeName() {
        return "com.zaxxer.hikari.pool.PoolBase";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(JdbcCalls.scope("newConnection"));
    }
}

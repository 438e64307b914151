package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * Agroal's ConnectionFactory.createConnection: where the pool (Quarkus' default) opens a physical
 * connection. Everything inside is the pool's. Without this scope, in ci mode a physical
 * connection Agroal's housekeeping thread opened (a thread the test's first borrow started, so
 * working for that test) was recorded as the test's, without an application line; a borrowed
 * handle over it only aliased a tracked connection, so a connection the test never closed failed
 * nothing. And a health check ({@code isHealthy(true)}) opens one on the caller's thread outside
 * any getConnection(), which Agroal's own suite, where the pool's classes are the project's,
 * charged to the test that asked for it.
 */
public final class AgroalConnectionFactoryTarget implements AppTarget {
    @Override
    public String typeName() {
        return "io.agroal.pool.ConnectionFactory";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(JdbcCalls.scope("createConnection"));
    }
}

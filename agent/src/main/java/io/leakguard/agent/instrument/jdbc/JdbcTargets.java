package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.InterfaceTarget;
import java.util.List;

/**
 * The JDBC family's targets: every implementation of the five JDBC interfaces and of javax.sql.PooledConnection, and the three
 * pools' connection factories, woven with plain calls into the bootstrap's JdbcHooks (no Byte
 * Buddy: describing 80 driver classes with it cost 370-490 ms of a JDBC program's start-up).
 */
public final class JdbcTargets {
    private JdbcTargets() {
    }

    /**
     * @param trackUse every connection and statement call marks its connection used (enforce
     *     mode at start: reclaim needs it; monitor mode spares the application those calls, and
     *     connection reclaim then stays off even if enforce is set later)
     */
    public static List<InterfaceTarget> interfaces(boolean trackUse) {
        return List.of(new DriverTarget(), new DataSourceTarget(), new ConnectionTarget(), new StatementTarget(trackUse),
                new ResultSetTarget(), new PooledConnectionTarget());
    }

    public static List<AppTarget> pools() {
        return List.of(new HikariPoolBaseTarget(), new Dbcp2ConnectionFactoryTarget(), new AgroalConnectionFactoryTarget());
    }
}

package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.ByteBuddyTargets;
import io.leakguard.agent.instrument.Target;
import java.util.List;

/**
 * The JDBC family's targets: named here for the transformer's decisions, created only when the
 * first JDBC class loads (a unit test holds the names and the targets' to each other).
 */
public final class JdbcTargets implements ByteBuddyTargets {
    /** In the order of {@link #build()}: the five JDBC interfaces first, then the two pools' classes. */
    private static final List<String> ALL = List.of("java.sql.Driver", "javax.sql.DataSource",
            "java.sql.Connection", "java.sql.Statement", "java.sql.ResultSet",
            "com.zaxxer.hikari.pool.PoolBase", "org.apache.commons.dbcp2.PoolableConnectionFactory");
    private static final List<String> INTERFACES = ALL.subList(0, 5);

    private final boolean trackUse;

    /**
     * @param trackUse advise every statement and result set method as use of its connection
     *     (enforce mode at start: reclaim needs it; monitor mode spares the application the
     *     extra advice, and connection reclaim then stays off even if enforce is set later)
     */
    public JdbcTargets(boolean trackUse) {
        this.trackUse = trackUse;
    }

    @Override
    public List<String> typeNames() {
        return ALL;
    }

    @Override
    public boolean byHierarchy(String typeName) {
        return INTERFACES.contains(typeName);
    }

    @Override
    public List<Target> build() {
        return List.of(new DriverTarget(), new DataSourceTarget(), new ConnectionTarget(), new StatementTarget(trackUse),
                new ResultSetTarget(trackUse), new HikariPoolBaseTarget(), new Dbcp2ConnectionFactoryTarget());
    }
}

package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.Target;
import java.util.List;

/** The JDBC family's targets. */
public final class JdbcTargets {
    private JdbcTargets() {
    }

    /**
     * @param trackUse advise every statement and result set method as use of its connection
     *     (enforce mode at start: reclaim needs it; monitor mode spares the application the
     *     extra advice, and connection reclaim then stays off even if enforce is set later)
     */
    public static List<Target> all(boolean trackUse) {
        return List.of(new DriverTarget(), new DataSourceTarget(), new ConnectionTarget(), new StatementTarget(trackUse),
                new ResultSetTarget(trackUse), new HikariPoolBaseTarget(), new Dbcp2ConnectionFactoryTarget());
    }
}

package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.Target;
import java.util.List;

/** The JDBC family's targets. */
public final class JdbcTargets {
    private JdbcTargets() {
    }

    public static List<Target> all() {
        return List.of(new DriverTarget(), new DataSourceTarget(), new ConnectionTarget(), new StatementTarget(),
                new ResultSetTarget(), new HikariPoolBaseTarget(), new Dbcp2ConnectionFactoryTarget());
    }
}

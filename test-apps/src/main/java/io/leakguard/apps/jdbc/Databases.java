package io.leakguard.apps.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * The databases and pools the JDBC test programs run against: embedded H2 by default, and the
 * PostgreSQL and MariaDB servers on 127.0.0.1. The PostgreSQL URL carries a password (the
 * server trusts local connections, so it is ignored) to prove reports never show it.
 */
public final class Databases {
    private Databases() {
    }

    public static String url(String db) {
        switch (db) {
            case "h2":
                return "jdbc:h2:mem:leakguard;DB_CLOSE_DELAY=-1";
            case "postgres":
                return System.getProperty("pg.url",
                        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=s3cret-pw");
            case "mariadb":
                return System.getProperty("mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
            default:
                throw new IllegalArgumentException("unknown database " + db + " (h2, postgres, mariadb)");
        }
    }

    public static String user(String db) {
        return db.equals("h2") ? "sa" : null;
    }

    /** Connection properties for DriverManager: the user where the URL does not carry one. */
    public static java.util.Properties properties(String db) {
        java.util.Properties p = new java.util.Properties();
        if (user(db) != null) {
            p.setProperty("user", user(db));
            p.setProperty("password", "");
        }
        return p;
    }

    public static DataSource pool(String pool, String db, int size) {
        switch (pool) {
            case "hikari": {
                HikariConfig c = new HikariConfig();
                c.setJdbcUrl(url(db));
                if (user(db) != null) {
                    c.setUsername(user(db));
                }
                c.setMaximumPoolSize(size);
                c.setMinimumIdle(Math.min(2, size));
                c.setPoolName("leakguard-test-pool");
                c.setConnectionTimeout(2000);
                return new HikariDataSource(c);
            }
            case "dbcp2": {
                BasicDataSource b = new BasicDataSource();
                b.setUrl(url(db));
                if (user(db) != null) {
                    b.setUsername(user(db));
                }
                b.setMaxTotal(size);
                b.setMinIdle(Math.min(2, size));
                b.setInitialSize(2);
                b.setMaxWait(java.time.Duration.ofSeconds(2));
                return b;
            }
            case "agroal": {
                // Quarkus' pool. A pool of a fixed size keeps its connections as long as it lives.
                io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier c =
                        new io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier()
                                .connectionPoolConfiguration(cp -> cp.minSize(Math.min(2, size)).maxSize(size)
                                        .acquisitionTimeout(java.time.Duration.ofSeconds(2))
                                        .connectionFactoryConfiguration(cf -> user(db) == null ? cf.jdbcUrl(url(db))
                                                : cf.jdbcUrl(url(db)).principal(new io.agroal.api.security.NamePrincipal(user(db)))));
                try {
                    return io.agroal.api.AgroalDataSource.from(c);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            default:
                throw new IllegalArgumentException("unknown pool " + pool + " (hikari, dbcp2, agroal)");
        }
    }

    public static void close(DataSource ds) throws Exception {
        if (ds instanceof AutoCloseable) {
            ((AutoCloseable) ds).close();
        }
    }
}

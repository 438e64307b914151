package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Runs {@code SELECT pg_sleep(n)} on PostgreSQL through HikariCP and prints how it ended and
 * after how long. Arguments: sleep seconds, the application's own query timeout in seconds
 * (or "none" to leave it unset).
 */
public final class SlowQuery {
    private SlowQuery() {
    }

    public static void main(String[] args) throws Exception {
        int sleep = Integer.parseInt(args[0]);
        String own = args.length > 1 ? args[1] : "none";
        DataSource pool = Databases.pool("hikari", "postgres", 2);
        long start = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            if (!own.equals("none")) {
                s.setQueryTimeout(Integer.parseInt(own));
            }
            s.execute("select pg_sleep(" + sleep + ")");
            System.out.println("SlowQuery: completed after " + millis(start) + " ms");
        } catch (SQLException e) {
            System.out.println("SlowQuery: " + e.getClass().getName() + " SQLState " + e.getSQLState()
                    + " after " + millis(start) + " ms: " + e.getMessage());
        } finally {
            Databases.close(pool);
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }
}

package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Holds a connection past leak.critical and then uses it again, printing what happened.
 * Argument "plain": an H2 DriverManager connection (leakguard aborts it). Argument "executing":
 * a pooled PostgreSQL connection busy in a 3 s query while leak.critical passes (leakguard must
 * wait for the query), then idle (now it is reclaimed).
 */
public final class ReclaimApp {
    private ReclaimApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "plain";
        if (mode.equals("plain")) {
            Connection c = DriverManager.getConnection(Databases.url("h2"), Databases.properties("h2")); // LEAK: plain
            Thread.sleep(2500);
            System.out.println("ReclaimApp: plain connection closed by now: " + c.isClosed());
            use(c);
            return;
        }
        DataSource pool = Databases.pool("hikari", "postgres", 2);
        Connection c = pool.getConnection();                                  // LEAK: executing
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("select pg_sleep(3)");
            System.out.println("ReclaimApp: the 3 s query completed after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        Thread.sleep(2500);
        use(c);
        Databases.close(pool);
    }

    private static void use(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("select 1");
            System.out.println("ReclaimApp: still usable");
        } catch (SQLException e) {
            System.out.println("ReclaimApp: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}

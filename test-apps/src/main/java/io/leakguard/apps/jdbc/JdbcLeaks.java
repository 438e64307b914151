package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Leaks JDBC resources in each way leakguard must find, and uses them correctly in between.
 * Lines that leak carry "LEAK:" markers for the end-to-end tests. Exits with status 3.
 *
 * <p>Arguments: database (h2, postgres, mariadb), pool (hikari, dbcp2), hold time in ms.
 */
public final class JdbcLeaks {
    private static final List<Object> HELD = new ArrayList<>();

    private JdbcLeaks() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        String poolKind = args.length > 1 ? args[1] : "hikari";
        long hold = args.length > 2 ? Long.parseLong(args[2]) : 0;
        String url = Databases.url(db);
        DataSource pool = Databases.pool(poolKind, db, 4);

        // Correct use: nothing to report.
        for (int i = 0; i < 10; i++) {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("select 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        // A statement and result set left open on a connection that is then closed: closing the
        // connection closes them, so this is no leak either.
        Connection returned = pool.getConnection();
        returned.createStatement().executeQuery("select 1").next();
        returned.close();

        Connection borrowed = pool.getConnection();                           // LEAK: borrowed
        HELD.add(borrowed);

        Connection plain = DriverManager.getConnection(url, Databases.properties(db)); // LEAK: driver-manager
        HELD.add(plain);
        Statement kept = plain.createStatement();                             // LEAK: kept-statement
        HELD.add(kept);
        for (int i = 0; i < 3; i++) {
            loseStatement(plain);
        }
        loseResultSet(kept);
        loseGeneratedKeys(plain);
        loseConnection(url, db);

        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Thread.sleep(hold);
        System.out.println("JdbcLeaks: " + db + "/" + poolKind + " holding " + HELD.size() + " handles");
        System.exit(3);
    }

    private static void loseStatement(Connection c) throws SQLException {
        Statement s = c.createStatement();                                    // LEAK: statement-gc
        s.execute("select 1");
    }

    private static void loseResultSet(Statement s) throws SQLException {
        ResultSet rs = s.executeQuery("select 1");                            // LEAK: resultset
        rs.next();
    }

    private static void loseGeneratedKeys(Connection c) throws SQLException {
        // Its own statement, kept open: executing the kept one again would close its result set.
        Statement s = c.createStatement();                                    // LEAK: keys-statement
        HELD.add(s);
        s.executeUpdate("create table if not exists lg_keys (id int)");
        s.executeUpdate("insert into lg_keys values (1)", Statement.RETURN_GENERATED_KEYS);
        ResultSet keys = s.getGeneratedKeys();                                // LEAK: generated-keys
        keys.next();
    }

    private static void loseConnection(String url, String db) throws SQLException {
        Connection c = DriverManager.getConnection(url, Databases.properties(db)); // LEAK: connection-gc
        c.isValid(1);
    }
}

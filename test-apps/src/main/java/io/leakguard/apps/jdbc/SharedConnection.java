package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Two threads on one PostgreSQL connection: one runs a slow query, the other's query waits for
 * the driver's own lock (pgjdbc serializes a connection behind a ReentrantLock) until the first
 * is done. A wait inside a driver, reported only when it looks stuck (past lock.hold-warn).
 * Args: seconds the slow query sleeps.
 */
public final class SharedConnection {
    private SharedConnection() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        try (Connection c = DriverManager.getConnection(Databases.url("postgres"), Databases.properties("postgres"))) {
            Thread slow = new Thread(() -> query(c, "select pg_sleep(" + seconds + ")"), "slow-query");
            slow.start();
            Thread.sleep(300);
            Thread second = new Thread(() -> query(c, "select 1"), "second-query");
            second.start();
            second.join();
            slow.join();
        }
        System.out.println("SharedConnection: both queries done");
    }

    private static void query(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

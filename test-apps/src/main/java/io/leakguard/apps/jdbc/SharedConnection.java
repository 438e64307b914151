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
            awaitReadingTheReply(slow);
            Thread second = new Thread(() -> query(c, "select 1"), "second-query");
            second.start();
            second.join();
            slow.join();
        }
        System.out.println("SharedConnection: both queries done");
    }

    /**
     * Until the slow query's thread waits for the server's reply (so it holds the driver's lock):
     * a fixed sleep let the second query go first on a slow machine, and then nobody waited.
     */
    private static void awaitReadingTheReply(Thread slow) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (StackTraceElement e : slow.getStackTrace()) {
                if (e.getClassName().equals("org.postgresql.core.VisibleBufferedInputStream")) {
                    Thread.sleep(100);
                    return;
                }
            }
            Thread.sleep(20);
        }
        System.out.println("SharedConnection: the slow query never reached its read");
    }

    private static void query(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

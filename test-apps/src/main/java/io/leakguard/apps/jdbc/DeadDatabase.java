package io.leakguard.apps.jdbc;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Connects with the PostgreSQL driver to a port where no database listens, seven times, and
 * prints how each attempt ended (the driver connects through java.net.Socket, so leakguard's
 * circuit breaker sees these failures like any other).
 */
public final class DeadDatabase {
    private DeadDatabase() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&connectTimeout=2";
        for (int i = 1; i <= 7; i++) {
            long start = System.nanoTime();
            try {
                DriverManager.getConnection(url).close();
                System.out.println("DeadDatabase: attempt " + i + " connected");
            } catch (SQLException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                System.out.println("DeadDatabase: attempt " + i + " failed after " + (System.nanoTime() - start) / 1_000_000
                        + " ms: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            }
        }
    }
}

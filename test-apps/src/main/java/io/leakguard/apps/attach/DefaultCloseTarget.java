package io.leakguard.apps.attach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.example.pools.PooledConnection;
import org.example.pools.PooledDataSource;

/**
 * A program started without leakguard whose connections close through an interface's default
 * close() ({@link PooledConnection}, a pool's type, outside leakguard's packages), loaded and used
 * before any attach. It prints its PID, then waits for the go file (argument 1); on it, borrows
 * and closes 20 connections, borrows one it keeps, prints the closes it counted and waits for the
 * stop file (argument 2), 90 s at most.
 */
public final class DefaultCloseTarget {
    private static final List<Connection> HELD = new ArrayList<>();

    private DefaultCloseTarget() {
    }

    public static void main(String[] args) throws Exception {
        Path go = Paths.get(args[0]);
        Path stop = Paths.get(args[1]);
        PooledDataSource pool = new PooledDataSource();
        pool.getConnection().close(); // the interface, its class and the DataSource loaded before the attach
        System.out.println("DefaultCloseTarget pid " + ProcessHandle.current().pid());
        long end = System.currentTimeMillis() + 90_000;
        while (!Files.exists(go) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        for (int i = 0; i < 20; i++) {
            try (Connection c = pool.getConnection()) {                // LEAK: closed
                c.isValid(1);
            }
        }
        HELD.add(pool.getConnection());                                // LEAK: kept
        System.out.println("DefaultCloseTarget closes " + PooledConnection.CLOSES.get());
        while (!Files.exists(stop) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
    }
}

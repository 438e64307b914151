package io.leakguard.apps.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Uses a pool and plain DriverManager connections correctly, from several threads, and leaves
 * the pool open while it waits and exits: the connections the pool keeps on purpose must never
 * be reported. Arguments: database, pool, hold time in ms.
 */
public final class JdbcClean {
    private JdbcClean() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        String poolKind = args.length > 1 ? args[1] : "hikari";
        long hold = args.length > 2 ? Long.parseLong(args[2]) : 0;
        DataSource pool = Databases.pool(poolKind, db, 4);
        AtomicLong rows = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread w = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        try (Connection c = pool.getConnection();
                             PreparedStatement ps = c.prepareStatement("select 1");
                             ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rows.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "worker-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (pool instanceof io.agroal.api.AgroalDataSource) {
            // A health probe (Quarkus' readiness check) on its own thread: isHealthy(true) opens a
            // new physical connection, outside any getConnection(), that the pool then keeps.
            // The pool's, never the probe's: not reported when it idles past leak.warn.
            Thread probe = new Thread(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        if (!((io.agroal.api.AgroalDataSource) pool).isHealthy(true)) {
                            throw new IllegalStateException("unhealthy");
                        }
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "health-probe");
            probe.start();
            probe.join();
        }
        try (Connection c = DriverManager.getConnection(Databases.url(db), Databases.properties(db));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
            }
            s.execute("select 1");
            try (ResultSet rs = s.getResultSet()) {
                rows.addAndGet(rs != null && rs.next() ? 1 : 0);
            }
            if (db.equals("h2")) {
                try (CallableStatement cs = c.prepareCall("call 1")) {
                    cs.execute();
                }
            }
        }
        // A statement closed only by closing its connection: the parent's close releases it.
        Connection c = pool.getConnection();
        c.createStatement().executeQuery("select 1").next();
        c.close();
        Thread.sleep(hold);
        System.out.println("JdbcClean: " + db + "/" + poolKind + " rows " + rows.get());
    }
}

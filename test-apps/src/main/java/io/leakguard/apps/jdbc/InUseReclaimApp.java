package io.leakguard.apps.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Enforce-mode reclaim must take back only what is evidently leaked. Over a HikariCP pool of H2
 * connections, held far past leak.critical (run it with leak.critical=1s):
 * <ul>
 *   <li>busy: used every 200 ms for 6 s in turn by queries, a transaction committed, calls on the
 *       connection alone (no statement at all), and a result set read one row per 200 ms and
 *       closed half a leak.critical before the next call;
 *   <li>transaction: autocommit off, a row inserted, then idle (all the while busy works) before its commit;
 *   <li>cursor: a result set opened, one row read, then idle as long before the next row;
 *   <li>wrapped: as transaction, through the application's own logging wrapper (a JDK proxy over
 *       the pool's handle, as MyBatis' ConnectionLogger): the statement it hands out is the
 *       pool handle's, whose transaction it is;
 *   <li>idle: one query, then never touched (the leak).
 * </ul>
 * Prints what each connection's next call did.
 */
public final class InUseReclaimApp {
    private InUseReclaimApp() {
    }

    public static void main(String[] args) throws Exception {
        DataSource pool = Databases.pool("hikari", "h2", 6);
        try (Connection setup = pool.getConnection(); Statement s = setup.createStatement()) {
            s.execute("create table if not exists ledger(id int primary key, amount int)");
            for (int i = 0; i < 40; i++) {
                s.execute("merge into ledger key(id) values (" + i + ", " + i + ")");
            }
        }
        Connection idle = pool.getConnection();                                // LEAK: idle
        try (Statement s = idle.createStatement(); ResultSet rs = s.executeQuery("select count(*) from ledger")) {
            rs.next();
        }
        Connection busy = pool.getConnection();                                // LEAK: busy
        Connection tx = pool.getConnection();                                  // LEAK: transaction
        tx.setAutoCommit(false);
        try (Statement s = tx.createStatement()) {
            s.executeUpdate("insert into ledger values (1000, 1)");
        }
        Connection wrapped = LoggingWrapper.wrap(pool.getConnection());        // LEAK: wrapped
        wrapped.setAutoCommit(false);
        try (Statement s = wrapped.createStatement()) {
            s.executeUpdate("insert into ledger values (1001, 1)");
        }
        Connection cursor = pool.getConnection();                              // LEAK: cursor
        Statement cursorStatement = cursor.createStatement();
        cursorStatement.setFetchSize(1);
        ResultSet open = cursorStatement.executeQuery("select id from ledger order by id");
        open.next();

        // 30 rounds of 200 ms: each phase alone lasts longer than leak.critical.
        for (int round = 0; round < 30; round++) {
            int phase = round / 8;
            if (phase == 0) {
                try (PreparedStatement ps = busy.prepareStatement("select amount from ledger where id = ?")) {
                    ps.setInt(1, round);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            } else if (phase == 1) {
                busy.setAutoCommit(false);
                try (Statement s = busy.createStatement()) {
                    s.executeUpdate("update ledger set amount = amount + 1 where id = 1");
                }
                busy.commit();
                busy.setAutoCommit(true);
            } else if (phase == 2) {
                // No statement: only calls on the connection itself.
                busy.getTransactionIsolation();
                busy.isReadOnly();
                busy.getCatalog();
            } else {
                busy.getWarnings();
            }
            Thread.sleep(200);
        }
        // A result set read slowly: one row each 200 ms, its statement created once.
        try (Statement s = busy.createStatement(); ResultSet rs = s.executeQuery("select id from ledger order by id")) {
            for (int i = 0; i < 10 && rs.next(); i++) {
                rs.getInt(1);
                Thread.sleep(200);
            }
        }
        // Its close was a use: a scan later (300 ms; scans every 250 ms), the connection is still
        // in use, though its last statement ran 2 s ago and no row read is seen. Not longer: the
        // margin left before leak.critical (1 s) is what a descheduled main thread may take.
        Thread.sleep(300);
        report("busy", busy, "select count(*) from ledger");
        try {
            tx.commit();
            System.out.println("InUseReclaimApp: transaction: commit ok");
        } catch (SQLException e) {
            System.out.println("InUseReclaimApp: transaction: " + e.getMessage());
        }
        try {
            wrapped.commit();
            System.out.println("InUseReclaimApp: wrapped: commit ok");
        } catch (SQLException e) {
            System.out.println("InUseReclaimApp: wrapped: " + e.getMessage());
        }
        try {
            System.out.println("InUseReclaimApp: cursor: next row " + (open.next() ? "ok" : "missing"));
        } catch (SQLException e) {
            System.out.println("InUseReclaimApp: cursor: " + e.getMessage());
        }
        report("idle", idle, "select 1");
        busy.close();
        tx.close();
        wrapped.close();
        open.close();
        cursorStatement.close();
        cursor.close();
        Databases.close(pool);
    }

    /** An application's logging wrapper: a JDK proxy whose handler holds the connection it wraps. */
    static final class LoggingWrapper implements InvocationHandler {
        private final Connection target;

        private LoggingWrapper(Connection target) {
            this.target = target;
        }

        static Connection wrap(Connection target) {
            return (Connection) Proxy.newProxyInstance(InUseReclaimApp.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new LoggingWrapper(target));
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static void report(String name, Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            System.out.println("InUseReclaimApp: " + name + ": next call ok");
        } catch (SQLException e) {
            System.out.println("InUseReclaimApp: " + name + ": " + e.getMessage());
        }
    }
}

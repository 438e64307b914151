package io.leakguard.apps.jdbc;

import io.leakguard.apps.defenses.AgentView;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Holds connections one after another until one is refused; prints what the refusal said.
 * With a second argument "pressure": holds 19 (run it with jdbc.max-connections=20, so 95 %),
 * waits for the pressure monitor, asks for one more, gives five back and at once asks again.
 */
public final class QuotaApp {
    private QuotaApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("lost")) {
            lost();
            return;
        }
        if (args.length > 1 && args[1].equals("pressure")) {
            pressure(Databases.pool(args[0], "h2", 25));
            return;
        }
        if (args.length > 1 && args[1].equals("pressure-exit")) {
            refusedThenExit(Databases.pool(args[0], "h2", 25));
            return;
        }
        DataSource pool = Databases.pool(args.length > 0 ? args[0] : "hikari", "h2", 8);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                held.add(pool.getConnection());                              // LEAK: held
            }
            System.out.println("QuotaApp: no refusal, holding " + held.size());
        } catch (SQLException e) {
            System.out.println("QuotaApp: refused after " + held.size() + ": " + e.getClass().getName() + ": "
                    + e.getMessage());
        }
        for (Connection c : held) {
            c.close();
        }
        // Back under the quota: a new connection is granted again.
        try (Connection c = pool.getConnection()) {
            System.out.println("QuotaApp: after release, granted " + (c != null));
        }
        Databases.close(pool);
    }

    /**
     * Run with jdbc.max-connections=2: loses two driver connections to the GC without close(),
     * then asks for a third until it is granted (the agent gives a collected connection's slot
     * back when it finds it collected) or 20 s have passed.
     */
    private static void lost() throws Exception {
        String url = Databases.url("h2");
        for (int i = 0; i < 2; i++) {
            lose(url);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            System.gc();
            try (Connection c = DriverManager.getConnection(url, Databases.properties("h2"))) {
                System.out.println("QuotaApp: after losing 2 to the GC, granted " + (c != null));
                return;
            } catch (SQLException refused) {
                last = refused.getMessage();
            }
            Thread.sleep(200);
        }
        System.out.println("QuotaApp: after losing 2 to the GC, still refused: " + last);
    }

    private static void lose(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, Databases.properties("h2")); // LEAK: lost
        c.isValid(1);
    }

    /**
     * Run with jdbc.max-connections=20: holds 19, waits for the pressure monitor, is refused one
     * more and exits at once, as a program whose last connection was refused would: the refusal
     * must be in the exit report, and nothing may follow it.
     */
    private static void refusedThenExit(DataSource pool) throws Exception {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            held.add(pool.getConnection());
        }
        awaitCritical();
        try (Connection c = pool.getConnection()) {
            System.out.println("QuotaApp: at 95 %, granted " + (c != null));
        } catch (SQLException e) {
            System.out.println("QuotaApp: at 95 %, refused: " + e.getMessage());
        }
        System.exit(0);
    }

    /**
     * The monitor looks every 250 ms, but a borrow does not wake it (as a descriptor open does):
     * wait until it has called the connections critical, however late its thread runs.
     */
    private static void awaitCritical() throws Exception {
        if (!AgentView.awaitPressure("jdbc", "critical", 30_000)) {
            System.out.println("QuotaApp: never critical");
        }
    }

    private static void pressure(DataSource pool) throws Exception {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            held.add(pool.getConnection());                                  // LEAK: pressured
        }
        awaitCritical();
        try (Connection c = pool.getConnection()) {
            System.out.println("QuotaApp: at 95 %, granted " + (c != null));
        } catch (SQLException e) {
            System.out.println("QuotaApp: at 95 %, refused: " + e.getMessage());
        }
        for (int i = 0; i < 5; i++) {
            held.remove(held.size() - 1).close();
        }
        try (Connection c = pool.getConnection()) {
            System.out.println("QuotaApp: right after giving 5 back, granted " + (c != null));
        } catch (SQLException e) {
            System.out.println("QuotaApp: right after giving 5 back, refused: " + e.getMessage());
        }
        for (Connection c : held) {
            c.close();
        }
        Databases.close(pool);
    }
}

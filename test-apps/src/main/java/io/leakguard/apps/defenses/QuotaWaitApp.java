package io.leakguard.apps.defenses;

import io.leakguard.apps.jdbc.Databases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * Two threads competing for the last slot of a full quota, run with mode=enforce and quota.wait.
 * {@code jdbc} (jdbc.max-connections=1): main holds the one connection; waiter-1, then waiter-2
 * queue for it; main, holding its own, asks for a second (refused at once: it would wait for
 * itself); main gives its connection back: waiter-1, first in line, gets it and keeps it, and
 * waiter-2 is refused when quota.wait runs out. {@code socket} (net.max-sockets-per-endpoint=1):
 * the same with sockets to one endpoint. Every step is awaited through the agent's metrics, with
 * a deadline: nothing here depends on timing.
 */
public final class QuotaWaitApp {
    private QuotaWaitApp() {
    }

    /** One acquisition, held until released; what happened is printed. */
    interface Acquire {
        AutoCloseable get() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("jdbc")) {
            DataSource pool = Databases.pool("hikari", "h2", 8);
            compete("jdbc", pool::getConnection);
            Databases.close(pool);
        } else {
            InetAddress lo = InetAddress.getLoopbackAddress();
            try (ServerSocket server = new ServerSocket(0, 50, lo)) {
                compete("socket", () -> new Socket(lo, server.getLocalPort()));
            }
        }
    }

    private static void compete(String family, Acquire acquire) throws Exception {
        AutoCloseable held = acquire.get();                                  // LEAK: holder
        CountDownLatch waiter2Done = new CountDownLatch(1);
        Thread w1 = new Thread(() -> waitInLine(acquire, "waiter-1", waiter2Done), "waiter-1");
        Thread w2 = new Thread(() -> waitInLine(acquire, "waiter-2", null), "waiter-2");
        w1.start();
        awaitWaiting(family, 1);
        w2.start();
        awaitWaiting(family, 2);
        System.out.println("QuotaWaitApp: gauge leakguard_quota_waiting{family=\"" + family + "\"} = 2");
        for (String line : AgentView.liveReport().split("\n")) {
            if (line.contains("quota") || line.contains(" waiting ")) {
                System.out.println("QuotaWaitApp: live report: " + line.trim());
            }
        }
        // Holding a slot itself, main is refused at once rather than wait for its own slot.
        try (AutoCloseable second = acquire.get()) {                         // LEAK: self
            System.out.println("QuotaWaitApp: main got a second one: " + (second != null));
        } catch (SQLException | IOException e) {
            System.out.println("QuotaWaitApp: main refused: " + e.getMessage());
        }
        held.close();
        w2.join();
        waiter2Done.countDown();
        w1.join();
        try (AutoCloseable again = acquire.get()) {
            System.out.println("QuotaWaitApp: afterwards granted " + (again != null));
        }
        Map<String, Double> m = AgentView.metrics();
        System.out.println("QuotaWaitApp: waits refused " + m.get("leakguard_quota_waits_total{family=\"" + family
                + "\",outcome=\"refused\"}") + ", granted " + m.get("leakguard_quota_waits_total{family=\"" + family
                + "\",outcome=\"granted\"}"));
    }

    /** Waits in line for a slot; a thread that gets one keeps it until {@code keepUntil} is counted down. */
    private static void waitInLine(Acquire acquire, String name, CountDownLatch keepUntil) {
        try (AutoCloseable got = acquire.get()) {                            // LEAK: waiter
            System.out.println("QuotaWaitApp: " + name + " granted " + (got != null));
            if (keepUntil != null) {
                keepUntil.await();
            }
        } catch (SQLException | IOException e) {
            System.out.println("QuotaWaitApp: " + name + " refused: " + e.getMessage());
        } catch (Exception e) {
            System.out.println("QuotaWaitApp: " + name + " failed: " + e);
        }
    }

    private static void awaitWaiting(String family, int n) throws Exception {
        String gauge = "leakguard_quota_waiting{family=\"" + family + "\"}";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Double v = AgentView.metrics().get(gauge);
            if (v != null && v >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("never saw " + n + " waiting: " + AgentView.metrics().get(gauge));
    }
}

package io.leakguard.apps.threads;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A service that creates an executor per call and never shuts it down: its two worker threads
 * stay, idle, for the life of the process, and the thread count grows by two per call. Beside it
 * a well-behaved call that shuts its executor down, and a few plain threads left parked (under
 * thread.warn: no finding). Waits until the agent reports the growth (polled through its MBean,
 * 30 s at most), prints what it saw, and exits.
 */
public final class ExecutorPerCall {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private ExecutorPerCall() {
    }

    static int handle(int request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);                         // LEAK: executor
        return pool.submit(() -> request * 2).get() + pool.submit(() -> request).get();
    }

    static int handleAndShutDown(int request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);                         // LEAK: closed-executor
        try {
            return pool.submit(() -> request * 2).get() + pool.submit(() -> request).get();
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(ExecutorPerCall::parkForever, "parked-" + i);           // LEAK: thread
            t.setDaemon(true);
            t.start();
        }
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += handle(i);
            sum += handleAndShutDown(i);
        }
        System.out.println("ExecutorPerCall: " + calls + " calls, sum " + sum);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName("io.leakguard:type=Agent");
        // A second argument ("no-wait"): nothing is expected, do not wait for it.
        long deadline = System.nanoTime() + (args.length > 1 ? 0 : 30_000_000_000L);
        String findings = "";
        while (System.nanoTime() < deadline && !findings.contains("[thread-growth]")) {
            Thread.sleep(100);
            findings = server.isRegistered(agent) ? (String) server.getAttribute(agent, "Findings") : "";
        }
        System.out.println("ExecutorPerCall: findings " + findings.replace('\n', ';'));
        System.exit(0);
    }

    private static void parkForever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

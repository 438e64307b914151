package io.leakguard.apps.locks;

import java.util.concurrent.CountDownLatch;

/**
 * Waits to enter synchronized blocks, short and long. "churn": eight threads take turns on one
 * monitor for the given milliseconds, each holding it ~20 us: every thread is BLOCKED most of the
 * time, but each wait is short (thousands of entries a second), so nothing is to be reported. A
 * watcher that samples thread states sees the same thread BLOCKED on the same monitor reading
 * after reading and must not take that for one long wait. "stuck": a holder keeps the monitor
 * for the given milliseconds while another thread waits to enter it: one long wait, reported.
 */
public final class MonitorContention {
    private static final Object SHARED = new Object();
    private static volatile long sink;

    private MonitorContention() {
    }

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[1]);
        if (args[0].equals("churn")) {
            churn(millis);
        } else {
            stuck(millis);
        }
    }

    private static void churn(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        Thread[] workers = new Thread[8];
        long[] entries = new long[workers.length];
        for (int w = 0; w < workers.length; w++) {
            int me = w;
            workers[w] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    synchronized (SHARED) {
                        long until = System.nanoTime() + 20_000;
                        while (System.nanoTime() < until) {
                            sink++;
                        }
                        entries[me]++;
                    }
                }
            }, "churn-" + w);
            workers[w].start();
        }
        long least = Long.MAX_VALUE;
        for (int w = 0; w < workers.length; w++) {
            workers[w].join();
            least = Math.min(least, entries[w]);
        }
        System.out.println("MonitorContention churn: every thread entered " + (least >= 100 ? "at least 100 times" : least + " times"));
    }

    private static void stuck(long millis) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (SHARED) { // LEAK: monitor-holder
                held.countDown();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "monitor-holder");
        holder.start();
        held.await();
        Thread waiter = new Thread(() -> {
            synchronized (SHARED) {
                sink++;
            }
        }, "monitor-waiter");
        waiter.start();
        waiter.join();
        holder.join();
        System.out.println("MonitorContention stuck: done");
    }
}

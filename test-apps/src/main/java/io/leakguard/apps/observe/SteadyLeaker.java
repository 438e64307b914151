package io.leakguard.apps.observe;

import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A service that leaks steadily for a while, so that its metrics can be watched moving: every
 * 50 ms it opens a file and keeps it, opens and closes another, and every tenth round drops a
 * stream without closing it (a definite leak once collected); twice a second a thread waits for a
 * lock another thread holds. Prints "ready" after the first round.
 */
public final class SteadyLeaker {
    private static final ReentrantLock SHARED = new ReentrantLock();

    private SteadyLeaker() {
    }

    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 5000;
        File f = File.createTempFile("leakguard-steady", ".txt");
        f.deleteOnExit();
        Files.writeString(f.toPath(), "steady");
        List<FileInputStream> kept = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        for (int round = 0; System.currentTimeMillis() < end; round++) {
            kept.add(new FileInputStream(f)); // LEAK: kept
            try (FileInputStream closed = new FileInputStream(f)) {
                closed.read();
            }
            if (round % 10 == 0) {
                new FileInputStream(f).read(); // LEAK: dropped
                System.gc();
            }
            if (round % 10 == 5) {
                contend();
            }
            if (round == 0) {
                System.out.println("ready");
            }
            Thread.sleep(50);
        }
        System.out.println("SteadyLeaker: kept " + kept.size());
    }

    /** A short wait behind another thread's hold: a lock wait, not a problem. */
    private static void contend() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            SHARED.lock();
            try {
                held.countDown();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                SHARED.unlock();
            }
        }, "steady-holder");
        holder.start();
        held.await();
        SHARED.lock();
        SHARED.unlock();
        holder.join();
    }
}

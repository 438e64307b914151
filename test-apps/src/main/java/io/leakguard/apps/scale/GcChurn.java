package io.leakguard.apps.scale;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Resource traffic in a JVM that collects all the time: a small heap, threads allocating garbage
 * (some of it surviving a while, so old collections happen too), and worker threads (virtual
 * threads where the JDK has them) opening and closing files and taking a shared lock. Every
 * hundredth file is dropped without close(): those, and only those, must come out as definite
 * leaks, however the collections interleave with the tracker's weak references.
 *
 * <p>Usage: GcChurn FILES_PER_WORKER WORKERS. Each worker opens at least that many files and goes
 * on until the JVM has run 100 collections since the start (at most 60 s). Prints how many files
 * were opened and dropped.
 */
public final class GcChurn {
    private static volatile Object sink;

    private GcChurn() {
    }

    public static void main(String[] args) throws Exception {
        int perWorker = Integer.parseInt(args[0]);
        int workers = Integer.parseInt(args[1]);
        Path file = Files.createTempFile("gc-churn", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, "x");

        AtomicBoolean done = new AtomicBoolean();
        List<Thread> churners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> churn(done), "churn-" + i);
            t.setDaemon(true);
            t.start();
            churners.add(t);
        }

        ReentrantLock shared = new ReentrantLock();
        int[] dropped = new int[workers];
        int[] opened = new int[workers];
        long gcBefore = collections();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final int id = w;
            Runnable work = () -> {
                try {
                    work(file, perWorker, shared, gcBefore, opened, dropped, id);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            };
            threads.add(Runtime.version().feature() >= 21 ? virtual(work) : new Thread(work, "worker-" + w));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        int lost = 0;
        int total = 0;
        for (int w = 0; w < workers; w++) {
            lost += dropped[w];
            total += opened[w];
        }
        long gcs = collections() - gcBefore;
        String kind = threads.get(0).isDaemon() && Runtime.version().feature() >= 21 ? "virtual" : "platform";
        // Let the last dropped streams be collected and their records reach the scan.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        System.out.println("GcChurn: " + total + " files opened, " + lost + " dropped without close(), "
                + (gcs >= 100 ? "at least 100" : "only " + gcs) + " collections meanwhile, lock "
                + (shared.isLocked() ? "held" : "free") + ", " + kind + " threads");
    }

    private static void work(Path file, int count, ReentrantLock shared, long gcBefore, int[] opened, int[] dropped,
                             int id) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < count || (collections() - gcBefore < 100 && System.nanoTime() < deadline); i++) {
            opened[id]++;
            shared.lock();
            try {
                sink = new byte[256];
            } finally {
                shared.unlock();
            }
            if (i % 100 == 99) {
                dropped[id] += drop(file);
                continue;
            }
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                sink = in.read();
            }
        }
    }

    private static int drop(Path file) throws IOException {
        FileInputStream in = new FileInputStream(file.toFile()); // LEAK: dropped
        return in.read() >= 0 ? 1 : 0;
    }

    /** Allocates without pause; keeps a rolling window of arrays alive so some get promoted. */
    private static void churn(AtomicBoolean done) {
        Object[] window = new Object[512];
        int i = 0;
        while (!done.get()) {
            window[i++ & 511] = new byte[1024 + (i & 4095)];
            sink = new long[64];
        }
    }

    private static Thread virtual(Runnable r) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class)
                    .invoke(builder, r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no virtual threads on JDK " + Runtime.version(), e);
        }
    }

    private static long collections() {
        long n = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}

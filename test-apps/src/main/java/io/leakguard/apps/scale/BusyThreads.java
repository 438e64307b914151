package io.leakguard.apps.scale;

import java.io.File;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * More busy threads than cores, each opening and closing a file as fast as it can: a thread pool
 * under load. Prints "done UPTIME_MS CPUS OPS" when the threads have stopped, then waits (for its
 * metrics to be read) until killed or the wait runs out.
 * Args: threads, milliseconds of work, milliseconds to wait after.
 */
public final class BusyThreads {
    private BusyThreads() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long millis = Long.parseLong(args[1]);
        long linger = Long.parseLong(args[2]);
        File f = File.createTempFile("leakguard-busy", ".txt");
        f.deleteOnExit();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder ops = new LongAdder();
        Thread[] busy = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            busy[i] = new Thread(() -> {
                long n = 0;
                try {
                    while (!stop.get()) {
                        new FileInputStream(f).close();
                        n++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                ops.add(n);
            }, "busy-" + i);
            busy[i].start();
        }
        Thread.sleep(millis);
        stop.set(true);
        for (Thread t : busy) {
            t.join();
        }
        System.out.println("done " + ManagementFactory.getRuntimeMXBean().getUptime() + " "
                + Runtime.getRuntime().availableProcessors() + " " + ops.sum());
        Thread.sleep(linger);
    }
}

package io.leakguard.apps.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The tracker at scale, measured inside a JVM running the agent: it drives the real tracker on
 * the boot class path (Tracker.fileOpened / released, the calls the file advice makes) with plain
 * objects standing in for a million open files, which no descriptor limit would allow.
 *
 * <p>Prints: the heap the tracker holds per open resource; the CPU time of a leak scan over all of
 * them (from the agent's own metric); the cost of an open+close pair with the table empty and
 * full; throughput with one and two threads opening and closing; and whether every record
 * left the table again. Args: [resources, default 1000000] [seconds per throughput run, 2].
 */
public final class TrackerScale {
    private static Method opened;
    private static Method released;

    private TrackerScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 2;
        Class<?> tracker = Class.forName("io.leakguard.bootstrap.Tracker");
        opened = tracker.getMethod("fileOpened", Object.class, Object.class);
        released = tracker.getMethod("released", Object.class);
        Method openCount = Class.forName("io.leakguard.bootstrap.OpenRecords").getMethod("size");
        String[] paths = new String[100];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = "/data/part-" + i;
        }

        long emptyPair = pairCost(paths, 200_000);
        Object[] held = new Object[n];
        for (int i = 0; i < n; i++) {
            held[i] = new Object();
        }
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            opened.invoke(null, held[i], paths[i % paths.length]);
        }
        long after = usedAfterGc();
        int open = (Integer) openCount.invoke(null);
        System.out.printf("open records: %d of %d%n", open, n);
        System.out.printf("heap per open resource: %d bytes%n", (after - before) / Math.max(1, open));
        long fullPair = pairCost(paths, 200_000);
        System.out.printf("open+close pair: %d ns with the table empty, %d ns with %d open%n", emptyPair, fullPair, open);

        double[] scan = waitForScan(open);
        System.out.printf("leak scan over %d records: %.1f ms CPU%n", (long) scan[1], scan[0] * 1000);

        long one = throughput(1, seconds, paths);
        long two = throughput(2, seconds, paths);
        System.out.printf("open+close pairs per second: %d with 1 thread, %d with 2 threads (%.2fx)%n", one, two,
                (double) two / one);
        int afterRuns = (Integer) openCount.invoke(null);
        for (Object o : held) {
            released.invoke(null, o);
        }
        int end = (Integer) openCount.invoke(null);
        System.out.printf("records after the throughput runs: %d (expected %d); after closing all: %d%n", afterRuns,
                open, end);
        System.out.println(afterRuns == open && end == 0 ? "no record lost" : "RECORDS LOST");
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static long pairCost(String[] paths, int pairs) throws Exception {
        Object[] objs = new Object[1000];
        for (int i = 0; i < objs.length; i++) {
            objs[i] = new Object();
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                Object o = objs[i % objs.length];
                opened.invoke(null, o, paths[i % paths.length]);
                released.invoke(null, o);
            }
            long ns = (System.nanoTime() - t0) / pairs;
            if (round == 1) {
                return ns;
            }
        }
        return -1;
    }

    /** Pairs per second over all threads; each thread opens and closes its own objects. */
    private static long throughput(int threads, long seconds, String[] paths) throws Exception {
        long[] counts = new long[threads];
        Thread[] ts = new Thread[threads];
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                Object[] objs = new Object[64];
                for (int i = 0; i < objs.length; i++) {
                    objs[i] = new Object();
                }
                long c = 0;
                try {
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < 64; i++) {
                            opened.invoke(null, objs[i], paths[i]);
                        }
                        for (int i = 0; i < 64; i++) {
                            released.invoke(null, objs[i]);
                        }
                        c += 64;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                counts[id] = c;
            }, "scale-" + t);
            ts[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            total += counts[t];
        }
        return total / seconds;
    }

    /** Waits for a scan that saw at least {@code records} open; returns {cpu seconds, records}. */
    private static double[] waitForScan(int records) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName("io.leakguard:type=Agent");
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (server.isRegistered(agent)) {
                Map<String, Double> m = new java.util.HashMap<>();
                for (Object row : ((TabularData) server.getAttribute(agent, "Metrics")).values()) {
                    CompositeData c = (CompositeData) row;
                    m.put((String) c.get("key"), (Double) c.get("value"));
                }
                Double seen = m.get("leakguard_last_scan_records");
                if (seen != null && seen >= records) {
                    return new double[] {m.get("leakguard_last_scan_cpu_seconds"), seen};
                }
            }
            Thread.sleep(100);
        }
        return new double[] {-1, -1};
    }
}

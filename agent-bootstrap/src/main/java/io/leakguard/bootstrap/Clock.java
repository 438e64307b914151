package io.leakguard.bootstrap;

/**
 * A coarse clock for the hot path: System.nanoTime() costs about 20 ns here, a sixth of a pool
 * borrow. The agent's clock thread advances {@link #now} every few milliseconds; acquisitions
 * read a volatile long instead. Ages are reported to within that tick, which is far finer than
 * any threshold (the shortest sensible leak.warn is seconds).
 */
public final class Clock {
    /** Tick of the clock thread, in milliseconds. */
    public static final long TICK_MILLIS = 5;

    /** How often the cores the site budget is earned for are read again: once a second. */
    private static final long CPUS_EVERY_TICKS = 1000 / TICK_MILLIS;

    private static volatile long now = System.nanoTime();

    private Clock() {
    }

    /** nanoTime as of the last tick (at most a tick behind). */
    public static long now() {
        return now;
    }

    /** Not per tick: in a container the JVM reads its cgroup files for this. Never stops the clock. */
    private static void readCpus() {
        try {
            SiteBudget.cpus(Runtime.getRuntime().availableProcessors());
        } catch (Throwable t) {
            AgentErrors.record("site budget cpus", t);
        }
    }

    /** The clock thread's loop; runs until interrupted. */
    public static void run() {
        try {
            for (long tick = 1; ; tick++) {
                now = System.nanoTime();
                if (tick % CPUS_EVERY_TICKS == 0) {
                    readCpus();
                }
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

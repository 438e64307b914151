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

    private static volatile long now = System.nanoTime();

    private Clock() {
    }

    /** nanoTime as of the last tick (at most a tick behind). */
    public static long now() {
        return now;
    }

    /** The clock thread's loop; runs until interrupted. */
    public static void run() {
        try {
            while (true) {
                now = System.nanoTime();
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

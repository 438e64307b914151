package io.leakguard.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own failures: caught, counted, and reported once per place, so the application
 * always goes on. Tests fail a run when this count is not zero.
 */
public final class AgentErrors {
    private static final AtomicLong COUNT = new AtomicLong();
    private static final ConcurrentHashMap<String, AtomicLong> BY_PLACE = new ConcurrentHashMap<>();
    /** A part that keeps failing is switched off after this many failures (see {@link #recordAndCount}). */
    public static final long SWITCH_OFF_AFTER = 10;

    private AgentErrors() {
    }

    public static void record(String where, Throwable t) {
        recordAndCount(where, t);
    }

    /**
     * Records a failure and returns how many this place has had. A caller on a hot path switches
     * its part off when this reaches {@link #SWITCH_OFF_AFTER}, and says so with {@link #switchedOff}.
     */
    public static long recordAndCount(String where, Throwable t) {
        COUNT.incrementAndGet();
        try {
            AtomicLong n = BY_PLACE.computeIfAbsent(where, k -> new AtomicLong());
            long count = n.incrementAndGet();
            if (count == 1) {
                System.err.println("leakguard: internal error in " + where + ": " + t
                        + " (counted; reported once; the application continues)");
            }
            return count;
        } catch (Throwable ignored) {
            // Nothing more can be done without risking the host.
            return 1;
        }
    }

    /** A part failed too often and is now off; said once, with what still works. */
    public static void switchedOff(String part, String consequence) {
        try {
            System.err.println("leakguard: " + part + " failed " + SWITCH_OFF_AFTER + " times and is switched off; "
                    + consequence + " (the application continues)");
        } catch (Throwable ignored) {
            // As above.
        }
    }

    public static long count() {
        return COUNT.get();
    }
}

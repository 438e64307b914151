package io.leakguard.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own failures: caught, counted, and reported once per place, so the application
 * always goes on. Tests fail a run when this count is not zero.
 */
public final class AgentErrors {
    private static final AtomicLong COUNT = new AtomicLong();
    private static final ConcurrentHashMap<String, Boolean> REPORTED = new ConcurrentHashMap<>();

    private AgentErrors() {
    }

    public static void record(String where, Throwable t) {
        COUNT.incrementAndGet();
        try {
            if (REPORTED.putIfAbsent(where, Boolean.TRUE) == null) {
                System.err.println("leakguard: internal error in " + where + ": " + t
                        + " (counted; reported once; the application continues)");
            }
        } catch (Throwable ignored) {
            // Nothing more can be done without risking the host.
        }
    }

    public static long count() {
        return COUNT.get();
    }
}

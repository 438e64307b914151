package io.leakguard.bootstrap;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforce mode's circuit breaker per endpoint (host:port): after net.circuit-breaker.failures
 * connect failures within the window, connects fail at once for the cool-down; then one trial
 * connect may go (half-open), and its outcome closes or re-opens the circuit. Touched only on
 * connects.
 */
final class CircuitBreakers {
    /** The start of every refusal message; a connect refused by an open circuit is no new failure. */
    static final String OPEN_PREFIX = "circuit open for ";

    private static volatile int failuresToOpen = 5;
    private static volatile long windowMillis = 10_000;
    private static volatile long coolDownMillis = 30_000;

    /** One endpoint's breaker. Guarded by its own monitor. */
    private static final class Breaker {
        int failures;
        long firstFailureMillis;
        long openUntilMillis;
        boolean trialInFlight;
    }

    private static final ConcurrentHashMap<String, Breaker> BREAKERS = new ConcurrentHashMap<>();

    private CircuitBreakers() {
    }

    static void configure(int failures, long window, long coolDown) {
        failuresToOpen = Math.max(1, failures);
        windowMillis = window;
        coolDownMillis = coolDown;
    }

    /** Before a connect: the refusal message while the endpoint's circuit is open, else null. */
    static String check(String key, long now) {
        Breaker b = BREAKERS.get(key);
        if (b == null) {
            return null;
        }
        synchronized (b) {
            if (b.openUntilMillis == 0) {
                return null;
            }
            if (now < b.openUntilMillis || b.trialInFlight) {
                return OPEN_PREFIX + key + ": " + b.failures + " consecutive connect failures; leakguard "
                        + (b.trialInFlight ? "is trying it again now" : "will let one connect try again at "
                        + Instant.ofEpochMilli(b.openUntilMillis)) + " (net.circuit-breaker)";
            }
            b.trialInFlight = true; // half-open: this connect is the trial
            return null;
        }
    }

    /** Whether a connect's failure was this breaker's own refusal (which counts as no outcome). */
    static boolean refusedByBreaker(Throwable failure) {
        return failure instanceof java.net.ConnectException
                && String.valueOf(failure.getMessage()).startsWith(OPEN_PREFIX);
    }

    /** After a connect: its outcome; opening or closing a circuit is reported as an event. */
    static void outcome(String key, boolean success, long now) {
        if (success) {
            Breaker b = BREAKERS.get(key);
            if (b != null) {
                boolean wasOpen;
                synchronized (b) {
                    wasOpen = b.openUntilMillis != 0;
                    b.failures = 0;
                    b.openUntilMillis = 0;
                    b.trialInFlight = false;
                }
                if (wasOpen) {
                    Events.circuit("circuit-closed", key, "circuit closed for " + key + ": a trial connect succeeded");
                }
            }
            return;
        }
        Breaker b = BREAKERS.computeIfAbsent(key, k -> new Breaker());
        String opened = null;
        synchronized (b) {
            if (b.trialInFlight) {
                b.trialInFlight = false;
                b.openUntilMillis = now + coolDownMillis;
                opened = "circuit re-opened for " + key + ": the trial connect failed; next try at "
                        + Instant.ofEpochMilli(b.openUntilMillis);
            } else {
                if (b.failures == 0 || now - b.firstFailureMillis > windowMillis) {
                    b.failures = 0;
                    b.firstFailureMillis = now;
                }
                b.failures++;
                if (b.failures >= failuresToOpen && b.openUntilMillis == 0) {
                    b.openUntilMillis = now + coolDownMillis;
                    opened = "circuit opened for " + key + " after " + b.failures + " consecutive connect failures within "
                            + windowMillis + " ms; next try at " + Instant.ofEpochMilli(b.openUntilMillis);
                }
            }
        }
        if (opened != null) {
            Events.circuit("circuit-open", key, opened);
        }
    }

    /** Forgets every endpoint (tests). */
    static void reset() {
        BREAKERS.clear();
    }
}

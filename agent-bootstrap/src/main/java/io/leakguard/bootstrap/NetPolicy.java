package io.leakguard.bootstrap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforce mode for sockets: a default connect timeout where the application gave none, an
 * optional default read timeout, and a circuit breaker per endpoint (host:port). A JDBC
 * driver's connect goes through Socket.connect too, so a dead database trips the same breaker.
 */
public final class NetPolicy {
    private static volatile boolean enforce;
    private static volatile int connectTimeoutMillis;
    private static volatile int readTimeoutMillis;
    private static volatile boolean breakerOn;
    private static volatile int breakerFailures = 5;
    private static volatile long breakerWindowMillis = 10_000;
    private static volatile long breakerCoolDownMillis = 30_000;

    /** One endpoint's breaker. Guarded by its own monitor; touched only on connects. */
    private static final class Breaker {
        int failures;
        long firstFailureMillis;
        long openUntilMillis;
        boolean trialInFlight;
    }

    private static final ConcurrentHashMap<String, Breaker> BREAKERS = new ConcurrentHashMap<>();

    private NetPolicy() {
    }

    public static void configure(boolean enforceMode, long connectTimeout, long readTimeout, boolean breaker,
                                 int failures, long window, long coolDown) {
        connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout);
        readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout);
        breakerFailures = Math.max(1, failures);
        breakerWindowMillis = window;
        breakerCoolDownMillis = coolDown;
        breakerOn = breaker;
        enforce = enforceMode;
    }

    private static String key(Object endpoint) {
        if (endpoint instanceof InetSocketAddress) {
            InetSocketAddress a = (InetSocketAddress) endpoint;
            return a.getHostString() + ":" + a.getPort();
        }
        return String.valueOf(endpoint);
    }

    /**
     * Before Socket.connect: fails at once when the endpoint's circuit is open (the one
     * deliberate exception leakguard throws here), else returns the timeout to use.
     */
    public static int beforeConnect(Object endpoint, int timeout) throws IOException {
        if (!enforce) {
            return timeout;
        }
        if (breakerOn && endpoint != null) {
            String refusal = null;
            try {
                refusal = checkBreaker(key(endpoint));
            } catch (Throwable t) {
                AgentErrors.record("net.breaker", t);
            }
            if (refusal != null) {
                throw new ConnectException(refusal);
            }
        }
        return timeout == 0 && connectTimeoutMillis > 0 ? connectTimeoutMillis : timeout;
    }

    private static String checkBreaker(String key) {
        Breaker b = BREAKERS.get(key);
        if (b == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        synchronized (b) {
            if (b.openUntilMillis == 0) {
                return null;
            }
            if (now < b.openUntilMillis || b.trialInFlight) {
                return "circuit open for " + key + ": " + b.failures + " consecutive connect failures; leakguard "
                        + (b.trialInFlight ? "is trying it again now" : "will let one connect try again at "
                        + Instant.ofEpochMilli(b.openUntilMillis)) + " (net.circuit-breaker)";
            }
            b.trialInFlight = true; // half-open: this connect is the trial
            return null;
        }
    }

    /** After Socket.connect, normal or not: breaker bookkeeping, tracking, the default read timeout. */
    public static void afterConnect(Object socket, Object endpoint, Throwable failure) {
        try {
            if (enforce && breakerOn && endpoint != null && !(failure instanceof ConnectException
                    && String.valueOf(failure.getMessage()).startsWith("circuit open for "))) {
                recordOutcome(key(endpoint), failure == null);
            }
            if (failure != null) {
                return;
            }
            Tracker.socketOpened(socket, "socket", endpoint);
            int read = readTimeoutMillis;
            if (enforce && read > 0 && socket instanceof Socket && ((Socket) socket).getSoTimeout() == 0) {
                ((Socket) socket).setSoTimeout(read);
            }
        } catch (Throwable t) {
            AgentErrors.record("net.connect", t);
        }
    }

    private static void recordOutcome(String key, boolean success) {
        long now = System.currentTimeMillis();
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
                b.openUntilMillis = now + breakerCoolDownMillis;
                opened = "circuit re-opened for " + key + ": the trial connect failed; next try at "
                        + Instant.ofEpochMilli(b.openUntilMillis);
            } else {
                if (b.failures == 0 || now - b.firstFailureMillis > breakerWindowMillis) {
                    b.failures = 0;
                    b.firstFailureMillis = now;
                }
                b.failures++;
                if (b.failures >= breakerFailures && b.openUntilMillis == 0) {
                    b.openUntilMillis = now + breakerCoolDownMillis;
                    opened = "circuit opened for " + key + " after " + b.failures + " consecutive connect failures within "
                            + breakerWindowMillis + " ms; next try at " + Instant.ofEpochMilli(b.openUntilMillis);
                }
            }
        }
        if (opened != null) {
            Events.circuit("circuit-open", key, opened);
        }
    }
}

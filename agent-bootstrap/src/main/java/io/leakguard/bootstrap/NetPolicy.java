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
    /** net.endpoints.<host:port>.connect-timeout overrides, in milliseconds. */
    private static volatile java.util.Map<String, Integer> endpointTimeouts = java.util.Map.of();
    private static volatile int maxSockets;
    private static volatile int maxSocketsPerEndpoint;
    static final java.util.concurrent.atomic.AtomicInteger OPEN = new java.util.concurrent.atomic.AtomicInteger();
    /** Open sockets per remote host:port; an endpoint leaves the map when its count reaches 0. */
    static final ConcurrentHashMap<String, Integer> OPEN_PER_ENDPOINT = new ConcurrentHashMap<>();
    private static volatile java.util.concurrent.ScheduledThreadPoolExecutor watchdogs;

    private NetPolicy() {
    }

    public static void configureLimits(java.util.Map<String, Integer> perEndpointConnectTimeouts, int max, int maxPerEndpoint) {
        endpointTimeouts = java.util.Map.copyOf(perEndpointConnectTimeouts);
        maxSockets = max;
        maxSocketsPerEndpoint = maxPerEndpoint;
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

    static String key(Object endpoint) {
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
        String refusal = null;
        String key = endpoint == null ? null : key(endpoint);
        try {
            refusal = Pressure.socketRefusal(key);
            if (refusal == null && breakerOn && key != null) {
                refusal = checkBreaker(key);
            }
            if (refusal == null) {
                refusal = checkQuota(key);
                if (refusal != null) {
                    Events.quota("socket", refusal);
                }
            }
        } catch (Throwable t) {
            AgentErrors.record("net.policy", t);
        }
        if (refusal != null) {
            throw new ConnectException(refusal);
        }
        if (timeout != 0) {
            return timeout;
        }
        Integer own = key == null ? null : endpointTimeouts.get(key);
        int t = own != null ? own : connectTimeoutMillis;
        if (t > 0) {
            Counters.TIMEOUTS_APPLIED.increment();
        }
        return t > 0 ? t : 0;
    }

    private static String checkQuota(String key) {
        int max = maxSockets;
        if (max > 0 && OPEN.get() >= max) {
            return "leakguard refused a socket: quota net.max-sockets=" + max + " reached (" + OPEN.get()
                    + " open). Top holders: " + OpenRecords.topSites(r -> r.family == Family.SOCKET);
        }
        int per = maxSocketsPerEndpoint;
        if (per > 0 && key != null) {
            Integer n = OPEN_PER_ENDPOINT.get(key);
            if (n != null && n >= per) {
                return "leakguard refused a socket: quota net.max-sockets-per-endpoint=" + per + " reached for " + key
                        + " (" + n + " open). Top holders: " + OpenRecords.topSites(r -> r.family == Family.SOCKET && r.description instanceof NetDescription
                        && key.equals(((NetDescription) r.description).endpointKey));
            }
        }
        return null;
    }

    /** Counts an application socket (for the quotas); the key is its remote endpoint, if any. */
    static String opened(Object remote) {
        OPEN.incrementAndGet();
        if (remote == null) {
            return null;
        }
        String key = key(remote);
        OPEN_PER_ENDPOINT.merge(key, 1, Integer::sum);
        return key;
    }

    static void closed(String key) {
        OPEN.decrementAndGet();
        if (key != null) {
            OPEN_PER_ENDPOINT.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /**
     * Before a blocking SocketChannel.connect, which has no timeout of its own: the same breaker
     * and quota checks, and in enforce mode a watchdog that closes the channel when the connect
     * outlasts the timeout (the only way to end a blocking channel connect). Returns the watchdog.
     */
    public static Object beforeChannelConnect(Object channel, Object endpoint) throws IOException {
        int timeout = beforeConnect(endpoint, 0);
        if (!enforce || timeout <= 0 || !(channel instanceof java.nio.channels.SelectableChannel)
                || !((java.nio.channels.SelectableChannel) channel).isBlocking()) {
            return null;
        }
        try {
            Watchdog w = new Watchdog((java.io.Closeable) channel, timeout);
            w.future = scheduler().schedule(w, timeout, java.util.concurrent.TimeUnit.MILLISECONDS);
            return w;
        } catch (Throwable t) {
            AgentErrors.record("net.watchdog", t);
            return null;
        }
    }

    /** After SocketChannel.connect: the outcome; a connect the watchdog ended becomes a SocketTimeoutException. */
    public static Throwable afterChannelConnect(Object endpoint, Object watchdog, Throwable thrown) {
        try {
            Watchdog w = (Watchdog) watchdog;
            if (w != null) {
                w.future.cancel(false);
                if (w.fired && thrown != null) {
                    thrown = new java.net.SocketTimeoutException("connect to " + key(endpoint) + " timed out after "
                            + w.millis + " ms (net.connect-timeout; leakguard closed the channel)");
                }
            }
            if (enforce && breakerOn && endpoint != null && !(thrown instanceof ConnectException
                    && String.valueOf(thrown.getMessage()).startsWith("circuit open for "))) {
                recordOutcome(key(endpoint), thrown == null);
            }
        } catch (Throwable t) {
            AgentErrors.record("net.channel.connect", t);
        }
        return thrown;
    }

    private static final class Watchdog implements Runnable {
        final java.io.Closeable channel;
        final int millis;
        volatile boolean fired;
        volatile java.util.concurrent.Future<?> future;

        Watchdog(java.io.Closeable channel, int millis) {
            this.channel = channel;
            this.millis = millis;
        }

        @Override
        public void run() {
            fired = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // It is being closed anyway.
            }
        }
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor scheduler() {
        java.util.concurrent.ScheduledThreadPoolExecutor s = watchdogs;
        if (s == null) {
            synchronized (NetPolicy.class) {
                s = watchdogs;
                if (s == null) {
                    s = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                            r -> new AgentThread(r, "leakguard-connect-watchdog"));
                    s.setRemoveOnCancelPolicy(true);
                    watchdogs = s;
                }
            }
        }
        return s;
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
                Counters.TIMEOUTS_APPLIED.increment();
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

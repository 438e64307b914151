package io.leakguard.bootstrap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;

/**
 * Enforce mode for sockets, the connect advice's entry points: a default connect timeout where
 * the application gave none, an optional default read timeout, and before each connect the
 * checks of {@link Pressure}, {@link CircuitBreakers} and {@link SocketQuota}. A JDBC driver's
 * connect goes through Socket.connect too, so a dead database trips the same breaker.
 */
public final class NetPolicy {
    private static volatile boolean enforce;
    private static volatile int connectTimeoutMillis;
    private static volatile int readTimeoutMillis;
    private static volatile boolean breakerOn;
    /** net.endpoints.<host:port>.connect-timeout overrides, in milliseconds. */
    private static volatile java.util.Map<String, Integer> endpointTimeouts = java.util.Map.of();

    private NetPolicy() {
    }

    public static void configure(NetSettings s) {
        endpointTimeouts = java.util.Map.copyOf(s.endpointConnectTimeouts);
        SocketQuota.configure(s.maxSockets, s.maxSocketsPerEndpoint, s.quotaWaitMillis);
        connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, s.connectTimeoutMillis);
        readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, s.readTimeoutMillis);
        CircuitBreakers.configure(s.breakerFailures, s.breakerWindowMillis, s.breakerCoolDownMillis);
        breakerOn = s.circuitBreaker;
        enforce = s.enforce;
    }

    /**
     * Before Socket.connect: fails at once when the endpoint's circuit is open or a quota is
     * reached (the one deliberate exception leakguard throws here), else returns the timeout to use.
     */
    public static int beforeConnect(Object endpoint, int timeout) throws IOException {
        return beforeConnect(endpoint, timeout, null);
    }

    /** @param self the channel being connected (counted since it was opened), or null */
    private static int beforeConnect(Object endpoint, int timeout, Object self) throws IOException {
        if (!enforce) {
            return timeout;
        }
        String refusal = null;
        String key = endpoint == null ? null : NetDescription.keyOf(endpoint);
        try {
            refusal = Pressure.socketRefusal(key);
            if (refusal == null && breakerOn && key != null) {
                refusal = CircuitBreakers.check(key, System.currentTimeMillis());
            }
            if (refusal == null) {
                refusal = SocketQuota.admit(key, self);
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

    /**
     * Before a blocking SocketChannel.connect, which has no timeout of its own: the same breaker
     * and quota checks, and in enforce mode a watchdog that closes the channel when the connect
     * outlasts the timeout. Returns the watchdog.
     */
    public static Object beforeChannelConnect(Object channel, Object endpoint) throws IOException {
        int timeout = beforeConnect(endpoint, 0, channel);
        if (!enforce || timeout <= 0 || !(channel instanceof java.nio.channels.SelectableChannel)
                || !((java.nio.channels.SelectableChannel) channel).isBlocking()) {
            return null;
        }
        try {
            return ConnectWatchdog.start((java.io.Closeable) channel, timeout);
        } catch (Throwable t) {
            AgentErrors.record("net.watchdog", t);
            return null;
        }
    }

    /** After SocketChannel.connect: the outcome; a connect the watchdog ended becomes a SocketTimeoutException. */
    public static Throwable afterChannelConnect(Object endpoint, Object watchdog, Throwable thrown) {
        try {
            ConnectWatchdog w = (ConnectWatchdog) watchdog;
            if (w != null) {
                w.cancel();
                if (w.fired && thrown != null) {
                    thrown = new java.net.SocketTimeoutException("connect to " + NetDescription.keyOf(endpoint)
                            + " timed out after " + w.millis + " ms (net.connect-timeout; leakguard closed the channel)");
                }
            }
            if (enforce && breakerOn && endpoint != null && !CircuitBreakers.refusedByBreaker(thrown)) {
                CircuitBreakers.outcome(NetDescription.keyOf(endpoint), thrown == null, System.currentTimeMillis());
            }
        } catch (Throwable t) {
            AgentErrors.record("net.channel.connect", t);
        }
        try {
            SocketQuota.connectDone();
        } catch (Throwable t) {
            AgentErrors.record("net.quota.wait", t);
        }
        return thrown;
    }

    /** After Socket.connect, normal or not: breaker bookkeeping, tracking, the default read timeout. */
    public static void afterConnect(Object socket, Object endpoint, Throwable failure) {
        try {
            if (enforce && breakerOn && endpoint != null && !CircuitBreakers.refusedByBreaker(failure)) {
                CircuitBreakers.outcome(NetDescription.keyOf(endpoint), failure == null, System.currentTimeMillis());
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
        } finally {
            try {
                SocketQuota.connectDone(); // after tracking: the slot is counted before its reservation goes
            } catch (Throwable t) {
                AgentErrors.record("net.quota.wait", t);
            }
        }
    }
}

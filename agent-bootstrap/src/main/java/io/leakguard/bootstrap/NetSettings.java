package io.leakguard.bootstrap;

import java.util.Map;

/**
 * The net.* options for {@link NetPolicy#configure}, named rather than positional. Filled in by the
 * agent's configuration code; read once, at configure time (later changes to the object do nothing).
 */
public final class NetSettings {
    /** mode=enforce: timeouts, breakers and quotas apply (otherwise connects are only tracked). */
    public boolean enforce;
    /** net.connect-timeout, for connects the application gave none; 0 = none. */
    public long connectTimeoutMillis;
    /** net.read-timeout, set on connected sockets that have none; 0 = none. */
    public long readTimeoutMillis;
    /** net.endpoints.&lt;host:port&gt;.connect-timeout overrides. */
    public Map<String, Integer> endpointConnectTimeouts = Map.of();
    /** net.circuit-breaker. */
    public boolean circuitBreaker;
    /** net.circuit-breaker.failures: failures within the window that open a circuit. */
    public int breakerFailures = 5;
    /** net.circuit-breaker.window. */
    public long breakerWindowMillis = 10_000;
    /** net.circuit-breaker.cool-down: how long an open circuit refuses before one trial. */
    public long breakerCoolDownMillis = 30_000;
    /** net.max-sockets; 0 = no quota. */
    public int maxSockets;
    /** net.max-sockets-per-endpoint; 0 = no quota. */
    public int maxSocketsPerEndpoint;
    /** quota.wait in milliseconds: how long a connect waits in line at a full socket quota; 0 = refuse at once. */
    public long quotaWaitMillis;
}

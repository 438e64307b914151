package io.leakguard.agent.config;

import io.leakguard.agent.baseline.BaselineFile;
import io.leakguard.bootstrap.CiSettings;
import io.leakguard.bootstrap.Exemptions;
import io.leakguard.bootstrap.JdbcSettings;
import io.leakguard.bootstrap.LockSettings;
import io.leakguard.bootstrap.Locks;
import io.leakguard.bootstrap.NetSettings;
import io.leakguard.bootstrap.TrackerSettings;

/**
 * The configuration as the bootstrap classes take it: one typed settings object per part, each
 * field named for its option. The only place that maps option names to the boot side.
 */
public final class BootstrapSettings {
    private BootstrapSettings() {
    }

    public static TrackerSettings tracker(Config c) {
        TrackerSettings s = new TrackerSettings();
        s.fullStacks = c.mode() == Config.Mode.CI;
        s.sharedStacks = "shared".equals(c.raw("ci.stacks"));
        s.stackDepth = c.integer("stack.depth");
        s.libraryPrefixes = c.libraryPrefixes();
        s.siteBudgetPercent = c.integer("site.budget");
        s.maxTracked = c.integer("max-tracked");
        return s;
    }

    public static NetSettings net(Config c) {
        NetSettings s = new NetSettings();
        s.enforce = c.mode() == Config.Mode.ENFORCE;
        s.connectTimeoutMillis = c.millis("net.connect-timeout");
        s.readTimeoutMillis = c.millis("net.read-timeout");
        s.endpointConnectTimeouts = c.endpointConnectTimeouts();
        s.circuitBreaker = c.on("net.circuit-breaker");
        s.breakerFailures = c.integer("net.circuit-breaker.failures");
        s.breakerWindowMillis = c.millis("net.circuit-breaker.window");
        s.breakerCoolDownMillis = c.millis("net.circuit-breaker.cool-down");
        s.maxSockets = c.integer("net.max-sockets");
        s.maxSocketsPerEndpoint = c.integer("net.max-sockets-per-endpoint");
        s.quotaWaitMillis = c.millis("quota.wait");
        return s;
    }

    public static JdbcSettings jdbc(Config c) {
        JdbcSettings s = new JdbcSettings();
        s.enforce = c.mode() == Config.Mode.ENFORCE;
        // JDBC's query timeout is in whole seconds: rounded up, so a short timeout is never none.
        s.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, (c.millis("jdbc.query-timeout") + 999) / 1000);
        s.maxConnections = c.integer("jdbc.max-connections");
        s.maxConnectionsPerUser = c.integer("jdbc.max-connections-per-user");
        s.captureSql = c.on("jdbc.capture-sql");
        s.quotaWaitMillis = c.millis("quota.wait");
        s.transactionSites = c.millis("jdbc.tx-warn") > 0 || c.millis("jdbc.tx-idle-warn") > 0;
        return s;
    }

    public static LockSettings locks(Config c) {
        LockSettings s = new LockSettings();
        String track = c.raw("lock.track-holds");
        s.enabled = c.on("lock");
        s.trackHolds = "off".equals(track) ? Locks.TRACK_OFF
                : "always".equals(track) || c.mode() == Config.Mode.CI ? Locks.TRACK_ALWAYS : Locks.TRACK_AUTO;
        s.throwOnTimeout = c.mode() == Config.Mode.ENFORCE && "throw".equals(c.raw("lock.on-timeout"));
        s.waitTimeoutMillis = c.millis("lock.wait-timeout");
        return s;
    }

    public static CiSettings ci(Config c, Exemptions exemptions) {
        CiSettings s = new CiSettings();
        s.enabled = c.mode() == Config.Mode.CI;
        s.graceMillis = c.millis("ci.grace");
        s.graceLearn = c.on("ci.grace-learn");
        s.threadWaitMillis = c.millis("ci.thread-wait");
        s.definiteOnly = "definite".equals(c.raw("ci.fail-on"));
        s.exemptions = exemptions;
        s.baselineSites = baseline(c);
        return s;
    }

    /** ci.baseline's sites; a file that cannot be read is said once and is no baseline (the leaks fail). */
    private static java.util.Set<String> baseline(Config c) {
        String file = c.raw("ci.baseline");
        if (c.mode() != Config.Mode.CI || file == null || file.isEmpty()) {
            return null;
        }
        try {
            return BaselineFile.sites(java.nio.file.Paths.get(file));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("leakguard: ci.baseline: cannot read " + file + ": " + e + "; no baseline");
            return null;
        }
    }
}

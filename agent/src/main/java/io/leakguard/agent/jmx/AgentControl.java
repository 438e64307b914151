package io.leakguard.agent.jmx;

import io.leakguard.agent.config.ConfigException;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.agent.report.LiveReport;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.OpenRecords;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.Tracker;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The MBean behind {@link AgentControlMXBean}; every operation runs with the tracker off for its thread.
 *
 * <p>Reading is always allowed; changing (set, detach, the setters) only with {@code jmx.control=on}.
 * JMX write access is not the JVM's own user: a remote JMX port (possibly without authentication)
 * would otherwise let anyone switch a production JVM to enforce mode or take the agent out. The
 * attach CLI, which the OS limits to the JVM's own user, turns it on with
 * {@code attach <pid> jmx.control=on}.
 */
public final class AgentControl implements AgentControlMXBean {
    public static final String NAME = "io.leakguard:type=Agent";

    private final ControlledAgent runtime;

    private AgentControl(ControlledAgent runtime) {
        this.runtime = runtime;
    }

    public static void register(ControlledAgent runtime) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new AgentControl(runtime), name);
    }

    public static void unregister() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            AgentErrors.record("jmx unregister", e);
        }
    }

    @Override
    public String getVersion() {
        return runtime.version();
    }

    @Override
    public String getMode() {
        return runtime.config().raw("mode");
    }

    @Override
    public void setMode(String mode) {
        set("mode=" + mode);
    }

    @Override
    public String getLeakWarn() {
        return runtime.config().raw("leak.warn");
    }

    @Override
    public void setLeakWarn(String duration) {
        set("leak.warn=" + duration);
    }

    @Override
    public String getLeakCritical() {
        return runtime.config().raw("leak.critical");
    }

    @Override
    public void setLeakCritical(String duration) {
        set("leak.critical=" + duration);
    }

    @Override
    public String getScanInterval() {
        return runtime.config().raw("scan.interval");
    }

    @Override
    public void setScanInterval(String duration) {
        set("scan.interval=" + duration);
    }

    @Override
    public String getFindings() {
        StringBuilder sb = new StringBuilder();
        for (FindingTally h : runtime.scan().history()) {
            sb.append('[').append(h.kind).append("] ").append(h.count).append(" x ").append(io.leakguard.agent.report.Text.line(h.type))
                    .append(" at ").append(io.leakguard.agent.report.Text.line(h.site)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String getSettings() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : runtime.config().values().entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public int getOpenFiles() {
        return count("file");
    }

    @Override
    public int getOpenJdbc() {
        return count("jdbc");
    }

    private static int count(String family) {
        int n = 0;
        for (Record r : OpenRecords.snapshot()) {
            if (family.equals(r.familyName()) && r.get() != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public java.util.Map<String, Double> getMetrics() {
        return runtime.metrics().flat();
    }

    @Override
    public String getPressure() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < io.leakguard.bootstrap.Pressure.RESOURCES.length; r++) {
            sb.append(sb.length() == 0 ? "" : ", ").append(io.leakguard.bootstrap.Pressure.RESOURCES[r]).append('=')
                    .append(io.leakguard.bootstrap.Pressure.LEVELS[io.leakguard.bootstrap.Pressure.level(r)])
                    .append(" (").append(Math.round(io.leakguard.bootstrap.Pressure.ratio(r) * 100)).append(" %)");
        }
        return sb.toString();
    }

    @Override
    public long getLeaksTotal() {
        long n = 0;
        for (java.util.Map.Entry<String, Double> e : runtime.metrics().flat().entrySet()) {
            if (e.getKey().startsWith("leakguard_leaks_total{")) {
                n += e.getValue().longValue();
            }
        }
        return n;
    }

    @Override
    public long getQuotaRefusals() {
        return io.leakguard.bootstrap.Counters.QUOTA_REFUSALS.sum();
    }

    @Override
    public long getReclaims() {
        return io.leakguard.bootstrap.Counters.RECLAIMS.sum();
    }

    @Override
    public long getLockWaits() {
        return io.leakguard.bootstrap.Counters.LOCK_WAITS.sum();
    }

    @Override
    public long getAgentErrors() {
        return AgentErrors.count();
    }

    @Override
    public String report(String family, boolean json) {
        return live(family, json ? "json" : "text");
    }

    @Override
    public String reportHtml(String family) {
        return live(family, "html");
    }

    private String live(String family, String format) {
        Tracker.enterAgentCode();
        try {
            String f = family == null || family.isBlank() ? null : family.trim();
            if (f != null && !f.equals("file") && !f.equals("jdbc") && !f.equals("socket") && !f.equals("lock")) {
                throw new IllegalArgumentException("unknown family '" + f + "': expected file, jdbc, socket or lock");
            }
            String when = java.time.Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z");
            return LiveReport.render(runtime.scan(), f, format, runtime.fdsAtAttach(),
                    "live JVM " + ProcessHandle.current().pid(), "taken " + when + " by leakguard " + runtime.version()
                    + " (mode " + runtime.config().raw("mode") + (f == null ? "" : ", family " + f) + ")");
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /** Refuses a change unless jmx.control=on, with a message saying how to turn it on. */
    private void requireControl(String what) {
        if (!runtime.config().on("jmx.control")) {
            throw new UnsupportedOperationException("leakguard: " + what + " refused: live control over JMX is off "
                    + "(jmx.control=off, the default); as the JVM's own user, turn it on with: java -jar "
                    + "leakguard-agent.jar attach " + ProcessHandle.current().pid() + " jmx.control=on");
        }
    }

    @Override
    public String set(String changes) {
        requireControl("set " + changes);
        Tracker.enterAgentCode();
        try {
            return runtime.change(changes);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            Tracker.exitAgentCode();
        }
    }

    @Override
    public String detach() {
        requireControl("detach");
        Tracker.enterAgentCode();
        try {
            return runtime.detach();
        } finally {
            Tracker.exitAgentCode();
        }
    }
}

package io.leakguard.agent.metrics;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Counters;
import io.leakguard.bootstrap.Family;
import io.leakguard.bootstrap.OpenRecords;
import io.leakguard.bootstrap.Pressure;
import io.leakguard.bootstrap.QuotaWaits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every number leakguard exports, read at one moment: the Prometheus endpoint renders it in the
 * text exposition format, the MBean as a name -> value map. Names follow Prometheus conventions:
 * {@code leakguard_} prefix, {@code _total} for counters, seconds for time.
 */
public final class MetricsSnapshot {
    /** One metric family: name, type, help, and its samples (label set -> value). */
    public static final class Metric {
        public final String name;
        public final String type;
        public final String help;
        public final Map<String, Double> samples = new LinkedHashMap<>();

        Metric(String name, String type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        Metric sample(String labels, double value) {
            samples.put(labels, value);
            return this;
        }
    }

    public final List<Metric> metrics = new ArrayList<>();

    private static final int[] TABLE_FAMILIES = {Family.FILE, Family.SOCKET, Family.JDBC};
    private static final Finding.Kind[] LEAK_KINDS = {Finding.Kind.DEFINITE, Finding.Kind.RECLAIMED,
        Finding.Kind.LOCK_WAIT, Finding.Kind.LONG_HOLD, Finding.Kind.DEAD_OWNER, Finding.Kind.DEADLOCK,
        Finding.Kind.LONG_TRANSACTION, Finding.Kind.IDLE_IN_TRANSACTION, Finding.Kind.SLOW_IO, Finding.Kind.THREAD_GROWTH};

    private Metric add(String name, String type, String help) {
        Metric m = new Metric(name, type, help);
        metrics.add(m);
        return m;
    }

    public static MetricsSnapshot take(int warnNow, int criticalNow, long lastScanCpuNanos, int lastScanRecords) {
        MetricsSnapshot s = new MetricsSnapshot();
        long[][] counts = OpenRecords.counts();
        Metric open = s.add("leakguard_open_resources", "gauge", "Resources open now, as the tracker sees them, by family.");
        Metric acquired = s.add("leakguard_acquisitions_total", "counter", "Resources acquired since start, by family.");
        Metric released = s.add("leakguard_releases_total", "counter",
                "Resources released since start (closed, or found garbage collected), by family.");
        for (int f : TABLE_FAMILIES) {
            String label = "family=\"" + Family.name(f) + "\"";
            open.sample(label, counts[0][f] - counts[1][f]);
            acquired.sample(label, counts[0][f]);
            released.sample(label, counts[1][f]);
        }
        Metric leaks = s.add("leakguard_leaks_total", "counter",
                "Problems found since start, by kind: definite (collected without close), reclaimed, lock and transaction kinds, slow-io (blocked calls).");
        for (Finding.Kind k : LEAK_KINDS) {
            leaks.sample("kind=\"" + k.id + "\"", FindingCounts.get(k));
        }
        s.add("leakguard_leaked_open_resources", "gauge",
                "Open resources older than leak.warn or leak.critical, as of the last leak scan.")
                .sample("kind=\"warn\"", warnNow).sample("kind=\"critical\"", criticalNow);
        s.add("leakguard_threads_live", "gauge", "Platform threads the application started that are running now (thread family).")
                .sample("", io.leakguard.bootstrap.Threads.liveCount());
        s.add("leakguard_quota_refusals_total", "counter", "Acquisitions refused by a quota.")
                .sample("", Counters.QUOTA_REFUSALS.sum());
        Metric waiting = s.add("leakguard_quota_waiting", "gauge",
                "Threads waiting now for a slot of a full quota (quota.wait), by family.");
        Metric waits = s.add("leakguard_quota_waits_total", "counter",
                "Acquisitions that met a full quota and waited in line (quota.wait), by family and outcome.");
        for (int i = 0; i < QuotaWaits.FAMILIES.length; i++) {
            String family = "family=\"" + QuotaWaits.FAMILIES[i] + "\"";
            long refused = QuotaWaits.refusedAfterWait(i);
            waiting.sample(family, QuotaWaits.waiting(i));
            waits.sample(family + ",outcome=\"granted\"", Math.max(0, QuotaWaits.waits(i) - refused - QuotaWaits.waiting(i)));
            waits.sample(family + ",outcome=\"refused\"", refused);
        }
        s.add("leakguard_pressure_refusals_total", "counter", "Acquisitions refused at critical pressure.")
                .sample("", Counters.PRESSURE_REFUSALS.sum());
        s.add("leakguard_reclaims_total", "counter", "Leaked resources reclaimed (enforce mode).")
                .sample("", Counters.RECLAIMS.sum());
        s.add("leakguard_timeouts_applied_total", "counter",
                "Default timeouts applied where the application set none (enforce mode).")
                .sample("", Counters.TIMEOUTS_APPLIED.sum());
        s.add("leakguard_lock_waits_total", "counter", "Waits for a ReentrantLock or read/write lock that had to queue.")
                .sample("", Counters.LOCK_WAITS.sum());
        s.add("leakguard_lock_wait_seconds_total", "counter", "Time spent in those waits.")
                .sample("", Counters.LOCK_WAIT_NANOS.sum() / 1e9);
        s.add("leakguard_lock_timeouts_total", "counter", "lock() calls that gave up (lock.on-timeout=throw).")
                .sample("", Counters.LOCK_TIMEOUTS.sum());
        Metric level = s.add("leakguard_pressure_level", "gauge",
                "Pressure level by resource: 0 normal, 1 elevated, 2 high, 3 critical.");
        Metric ratio = s.add("leakguard_pressure_ratio", "gauge", "Use of the resource against its limit (0..1).");
        for (int r = 0; r < Pressure.RESOURCES.length; r++) {
            String label = "resource=\"" + Pressure.RESOURCES[r] + "\"";
            level.sample(label, Pressure.level(r));
            ratio.sample(label, Pressure.ratio(r));
        }
        s.add("leakguard_last_scan_cpu_seconds", "gauge", "CPU time of the last leak scan.")
                .sample("", lastScanCpuNanos / 1e9);
        s.add("leakguard_last_scan_records", "gauge", "Open records the last leak scan looked at.")
                .sample("", lastScanRecords);
        s.add("leakguard_site_walks_total", "counter",
                "Stack walks made to find where a resource or lock was acquired, rationed by site.budget (not counted at 100).")
                .sample("", Counters.SITE_WALKS.sum());
        s.add("leakguard_site_walk_seconds_total", "counter",
                "Time those walks took (each charged at most 1 ms): the agent's own cost that site.budget bounds.")
                .sample("", Counters.SITE_WALK_NANOS.sum() / 1e9);
        s.add("leakguard_untracked_acquisitions_total", "counter",
                "Acquisitions counted but not recorded because max-tracked records were open.")
                .sample("", Counters.UNTRACKED.sum());
        s.add("leakguard_agent_errors_total", "counter", "Failures inside the agent (each caught; the application went on).")
                .sample("", AgentErrors.count());
        return s;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String toPrometheusText() {
        StringBuilder sb = new StringBuilder(4096);
        for (Metric m : metrics) {
            sb.append("# HELP ").append(m.name).append(' ').append(m.help).append('\n');
            sb.append("# TYPE ").append(m.name).append(' ').append(m.type).append('\n');
            for (Map.Entry<String, Double> e : m.samples.entrySet()) {
                sb.append(m.name);
                if (!e.getKey().isEmpty()) {
                    sb.append('{').append(e.getKey()).append('}');
                }
                sb.append(' ').append(number(e.getValue())).append('\n');
            }
        }
        return sb.toString();
    }

    /** name{labels} -> value, for the MBean. */
    public Map<String, Double> flat() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            for (Map.Entry<String, Double> e : m.samples.entrySet()) {
                out.put(e.getKey().isEmpty() ? m.name : m.name + "{" + e.getKey() + "}", e.getValue());
            }
        }
        return out;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v);
    }
}

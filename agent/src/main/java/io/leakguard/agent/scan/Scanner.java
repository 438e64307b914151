package io.leakguard.agent.scan;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.Glob;
import io.leakguard.agent.report.Reporter;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.Tracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leak scan, on the agent's one daemon thread. Between scans it waits on the tracker's queue
 * of collected resources (definite leaks); every {@code scan.interval} it ages the open records
 * into warn and critical findings. Findings are grouped per site and a site is reported again
 * only when its count has grown, so a steady leak does not flood the log.
 */
public final class Scanner implements Runnable {
    private final long intervalMillis;
    private final long warnMillis;
    private final long criticalMillis;
    private final Glob ignorePaths;
    private final Glob ignoreSites;
    private final List<Reporter> reporters;

    /** Definite leaks seen since the last report, grouped by site. */
    private final Map<String, SiteGroup> pendingDefinite = new LinkedHashMap<>();
    /** Total definite leaks per site since start. */
    private final Map<String, Integer> definiteTotals = new HashMap<>();
    /** Count last reported per (kind, family, site). */
    private final Map<String, Integer> reported = new HashMap<>();
    private volatile boolean finished;

    public Scanner(Config config, List<Reporter> reporters) {
        this.intervalMillis = Math.max(100, config.millis("scan.interval"));
        this.warnMillis = config.millis("leak.warn");
        this.criticalMillis = config.millis("leak.critical");
        this.ignorePaths = config.globs("ignore.paths");
        this.ignoreSites = config.globs("ignore.sites");
        this.reporters = reporters;
    }

    @Override
    public void run() {
        long next = System.currentTimeMillis() + intervalMillis;
        while (!finished) {
            try {
                long wait = Math.max(1, Math.min(1000, next - System.currentTimeMillis()));
                Record r = Tracker.awaitCollected(wait);
                if (r != null) {
                    collected(r);
                }
                if (System.currentTimeMillis() >= next) {
                    scan(false);
                    next = System.currentTimeMillis() + intervalMillis;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentErrors.record("leak scan", t);
            }
        }
    }

    /** Called from the shutdown hook: a last scan, including what is still open. */
    public void finish() {
        try {
            scan(true);
        } catch (Throwable t) {
            AgentErrors.record("exit report", t);
        } finally {
            finished = true;
        }
    }

    private synchronized void collected(Record r) {
        if (ignored(r)) {
            return;
        }
        String key = SiteGroup.key(Finding.Kind.DEFINITE, r);
        pendingDefinite.computeIfAbsent(key, k -> new SiteGroup(Finding.Kind.DEFINITE, r)).add(r);
        definiteTotals.merge(key, 1, Integer::sum);
    }

    private boolean ignored(Record r) {
        if (!r.reportable()) {
            return true;
        }
        if (!ignorePaths.isEmpty() && ignorePaths.matches(r.describe())) {
            return true;
        }
        if (!ignoreSites.isEmpty()) {
            if (ignoreSites.matches(r.site().frame)) {
                return true;
            }
            for (String line : r.stackLines()) {
                if (ignoreSites.matches(line)) {
                    return true;
                }
            }
        }
        return false;
    }

    synchronized void scan(boolean atExit) {
        Record r;
        while ((r = Tracker.pollCollected()) != null) {
            collected(r);
        }
        long now = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, SiteGroup> e : pendingDefinite.entrySet()) {
            findings.add(e.getValue().toFinding(now, nowNanos, definiteTotals.get(e.getKey())));
        }
        pendingDefinite.clear();

        Map<String, SiteGroup> aged = new LinkedHashMap<>();
        Map<String, SiteGroup> open = new LinkedHashMap<>();
        for (Record rec : Tracker.openRecords()) {
            if (rec.get() == null || ignored(rec)) {
                continue;
            }
            long age = rec.ageMillis(nowNanos);
            Finding.Kind kind = null;
            if (criticalMillis > 0 && age >= criticalMillis) {
                kind = Finding.Kind.CRITICAL;
            } else if (warnMillis > 0 && age >= warnMillis) {
                kind = Finding.Kind.WARN;
            }
            if (kind != null) {
                final Record first = rec;
                final Finding.Kind k = kind;
                aged.computeIfAbsent(SiteGroup.key(kind, rec), x -> new SiteGroup(k, first)).add(rec);
            }
            if (atExit) {
                final Record first = rec;
                open.computeIfAbsent(SiteGroup.key(Finding.Kind.OPEN_AT_EXIT, rec),
                        x -> new SiteGroup(Finding.Kind.OPEN_AT_EXIT, first)).add(rec);
            }
        }
        for (Map.Entry<String, SiteGroup> e : aged.entrySet()) {
            int count = e.getValue().count;
            Integer last = reported.get(e.getKey());
            if (last == null || count > last) {
                reported.put(e.getKey(), count);
                findings.add(e.getValue().toFinding(now, nowNanos, count));
            }
        }
        for (SiteGroup g : open.values()) {
            findings.add(g.toFinding(now, nowNanos, g.count));
        }
        if (findings.isEmpty()) {
            return;
        }
        for (Reporter rep : reporters) {
            try {
                rep.report(findings, atExit);
            } catch (Throwable t) {
                AgentErrors.record("reporter " + rep.getClass().getSimpleName(), t);
            }
        }
    }
}

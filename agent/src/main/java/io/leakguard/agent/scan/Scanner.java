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
 * into warn and critical findings. Findings are grouped per site; during the run a site is
 * reported when first seen and again each time its count has doubled (1, 2, 4, 8, ...), so a
 * steady leak stays visible without flooding the log. The exit report is the full summary, each
 * open resource under its most severe kind.
 */
public final class Scanner implements Runnable {
    private final long intervalMillis;
    private final long warnMillis;
    private final long criticalMillis;
    private final Glob ignorePaths;
    private final Glob ignoreSites;
    private final List<Reporter> reporters;

    /** Every definite leak since start, grouped by site (the count is the running total). */
    private final Map<String, SiteGroup> definite = new LinkedHashMap<>();
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
        // A statement lost together with its connection is the connection's leak; one closed by
        // its connection's close() is no leak at all.
        if (r.closedByParent() || r.lostWithParent() || ignored(r)) {
            return;
        }
        definite.computeIfAbsent(SiteGroup.key(Finding.Kind.DEFINITE, r),
                k -> new SiteGroup(Finding.Kind.DEFINITE, r)).add(r);
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
        Map<String, SiteGroup> groups = new LinkedHashMap<>(definite);
        for (Record rec : Tracker.openRecords()) {
            if (rec.closedByParent()) {
                Tracker.drop(rec);
                continue;
            }
            // A statement still open on an open connection is reported at its own line: closing
            // the connection would have closed it, but nobody did.
            if (rec.get() == null || ignored(rec)) {
                continue;
            }
            long age = rec.ageMillis(nowNanos);
            Finding.Kind kind = null;
            if (criticalMillis > 0 && age >= criticalMillis) {
                kind = Finding.Kind.CRITICAL;
            } else if (warnMillis > 0 && age >= warnMillis) {
                kind = Finding.Kind.WARN;
            } else if (atExit) {
                kind = Finding.Kind.OPEN_AT_EXIT;
            }
            if (kind != null) {
                final Record first = rec;
                final Finding.Kind k = kind;
                groups.computeIfAbsent(SiteGroup.key(kind, rec), x -> new SiteGroup(k, first)).add(rec);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, SiteGroup> e : groups.entrySet()) {
            int count = e.getValue().count;
            Integer last = reported.get(e.getKey());
            if (atExit || last == null || count >= 2 * last) {
                reported.put(e.getKey(), count);
                findings.add(e.getValue().toFinding(now, nowNanos, count));
            }
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

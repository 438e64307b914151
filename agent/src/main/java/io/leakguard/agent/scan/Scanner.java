package io.leakguard.agent.scan;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.agent.report.Reporter;
import io.leakguard.agent.report.ScanState;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Family;
import io.leakguard.bootstrap.HandleJudge;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.OpenRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The leak scan, on the agent's one daemon thread. Between scans it waits on the tracker's queue
 * of collected resources (definite leaks); every {@code scan.interval} it ages the open records
 * into warn and critical findings. Findings are grouped per site; during the run a site is
 * reported when first seen and again each time its count has doubled ({@link ReportThrottle}), so
 * a steady leak stays visible without flooding the log. The exit report is the full summary, each
 * open resource under its most severe kind. What it reports with: {@link Exemptions} (what no
 * finding names), {@link Reclaimer} (enforce mode's way out), {@link EventLog} (refusals and
 * other events the bootstrap posts).
 */
public final class Scanner implements Runnable, ScanState {
    // Settings: volatile, because `set` (live, through JMX) changes them while the scan runs.
    private volatile long intervalMillis;
    private volatile long warnMillis;
    private volatile long criticalMillis;
    private volatile boolean reclaim;
    private final List<Reporter> reporters;
    private final Exemptions exemptions;
    // The rest is the scan's state, guarded by its lock (this).
    private final Reclaimer reclaimer;
    private final EventLog events = new EventLog();
    private final LongTransactions transactions = new LongTransactions();
    private final SlowIo slowIo = new SlowIo();
    private final ThreadGrowth threads = new ThreadGrowth();
    /** Every definite leak since start, grouped by site (the count is the running total). */
    private final Map<String, SiteGroup> definite = new LinkedHashMap<>();
    /** Reports again when a count doubles, per (kind, type, site) and per refusal. */
    private final ReportThrottle throttle = new ReportThrottle();
    private volatile boolean finished;
    /** Set, under the scan's lock, by the exit report: the last thing the scanner says. */
    private boolean exitReported;
    /** Open resources past leak.warn / leak.critical at the last scan (a gauge for the metrics). */
    private volatile int pastWarn;
    private volatile int pastCritical;

    public int pastWarn() {
        return pastWarn;
    }

    public int pastCritical() {
        return pastCritical;
    }
    /** Findings kept elsewhere (the lock watch's) that belong in the exit summary. */
    private final List<Supplier<List<Finding>>> exitSources = new CopyOnWriteArrayList<>();

    public Scanner(Config config, List<Reporter> reporters) {
        this.reporters = reporters;
        this.exemptions = new Exemptions(config);
        this.reclaimer = new Reclaimer(exemptions);
        apply(config);
    }

    /** Takes new thresholds and exemptions; the next scan uses them. */
    public void apply(Config config) {
        this.intervalMillis = Math.max(100, config.millis("scan.interval"));
        this.warnMillis = config.millis("leak.warn");
        this.criticalMillis = config.millis("leak.critical");
        exemptions.apply(config);
        transactions.apply(config.millis("jdbc.tx-warn"), config.millis("jdbc.tx-idle-warn"));
        slowIo.apply(config.millis("io.slow"));
        threads.apply(config.on("thread") ? config.integer("thread.warn") : 0);
        this.reclaim = config.mode() == Config.Mode.ENFORCE && config.on("jdbc.reclaim") && criticalMillis > 0
                && reclaimFamilies(config).contains("jdbc");
    }

    /** reclaim.families: the families enforce mode may reclaim (jdbc; file and socket only at descriptor pressure). */
    public static List<String> reclaimFamilies(Config config) {
        return config.list("reclaim.families");
    }

    public void addExitFindings(Supplier<List<Finding>> source) {
        exitSources.add(source);
    }

    /** Stops the scan thread's loop (detach). */
    public void stop() {
        finished = true;
    }

    /** Definite leaks and reclaims so far, for the live report. */
    @Override
    public synchronized List<FindingTally> history() {
        List<FindingTally> out = new ArrayList<>();
        for (SiteGroup g : definite.values()) {
            out.add(g.tally());
        }
        for (SiteGroup g : reclaimer.groups().values()) {
            out.add(g.tally());
        }
        out.addAll(transactions.history());
        out.addAll(slowIo.history());
        out.addAll(threads.history());
        return out;
    }

    @Override
    public long warnMillis() {
        return warnMillis;
    }

    @Override
    public long criticalMillis() {
        return criticalMillis;
    }

    /** ignore.paths and ignore.sites, as they are now (the lock watch and the ci attribution read them too). */
    public Exemptions exemptions() {
        return exemptions;
    }

    @Override
    public boolean isIgnored(Record r) {
        return exemptions.isIgnored(r);
    }

    @Override
    public void run() {
        long next = System.currentTimeMillis() + intervalMillis;
        while (!finished) {
            next = Math.min(next, System.currentTimeMillis() + intervalMillis);
            try {
                long wait = Math.max(1, Math.min(1000, next - System.currentTimeMillis()));
                Record r = OpenRecords.awaitCollected(wait);
                if (r != null) {
                    takeCollected(r);
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

    /** Under the scan's lock: out of the table and into the definite leaks in one step. */
    private synchronized void takeCollected(Record r) {
        // After the exit report nothing more: a resource it listed as open that the GC clears
        // during shutdown must not come back as a second finding after the last word.
        if (exitReported) {
            return;
        }
        if (OpenRecords.remove(r, OpenRecords.Cause.COLLECTED)) {
            collected(r);
        }
    }

    private synchronized void collected(Record r) {
        // A statement lost together with its connection is the connection's leak; one closed by
        // its connection's close() is no leak at all.
        if (r.closedByParent() || r.lostWithParent() || exemptions.isIgnored(r)) {
            return;
        }
        definite.computeIfAbsent(SiteGroup.key(Finding.Kind.DEFINITE, r),
                k -> new SiteGroup(Finding.Kind.DEFINITE, r)).add(r);
        FindingCounts.add(Finding.Kind.DEFINITE, 1);
    }

    /**
     * Enforce mode at high pressure: gives back what is evidently leaked, of the families asked
     * for (see {@link Reclaimer#reclaimLeaked}). Returns how many were reclaimed.
     */
    public synchronized int reclaimLeaked(boolean connections, boolean files, boolean sockets) {
        return reclaimer.reclaimLeaked(criticalMillis, connections, files, sockets);
    }

    /** A listening socket or a selector lives as long as the service by design: its age says nothing. */
    static boolean isLongLivedByDesign(String type) {
        return "serversocket".equals(type) || "serverchannel".equals(type) || "asyncserver".equals(type)
                || "selector".equals(type);
    }

    /** Looked up on the scanner's thread at its first scan, not in premain (issue 15). */
    private static final class Cpu {
        static final java.lang.management.ThreadMXBean BEAN = java.lang.management.ManagementFactory.getThreadMXBean();
    }
    private volatile long lastScanCpuNanos;
    private volatile int lastScanRecords;

    /** CPU time the last scan took on the scanner thread, and how many open records it looked at. */
    public long lastScanCpuNanos() {
        return lastScanCpuNanos;
    }

    public int lastScanRecords() {
        return lastScanRecords;
    }

    synchronized void scan(boolean atExit) {
        if (exitReported) {
            return; // a periodic scan that was already under way when the JVM began to exit
        }
        // The exit scan is not timed: nobody reads the figure after it, and the management
        // bean would load ~50 JDK classes on a short program's way out (issue 15).
        long cpu0 = atExit ? 0 : Cpu.BEAN.getCurrentThreadCpuTime();
        try {
            scanOnce(atExit);
        } finally {
            if (atExit) {
                exitReported = true;
            } else {
                lastScanCpuNanos = Cpu.BEAN.getCurrentThreadCpuTime() - cpu0;
            }
        }
    }

    private void scanOnce(boolean atExit) {
        Record r;
        while ((r = OpenRecords.pollCollected()) != null) {
            collected(r);
        }
        long now = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        Map<String, SiteGroup> groups = new LinkedHashMap<>(definite);
        groups.putAll(reclaimer.groups());
        List<Record> open = OpenRecords.snapshot();
        lastScanRecords = open.size();
        Reclaimer.Pass reclaiming = reclaimer.pass(open, criticalMillis);
        boolean watchTransactions = transactions.on();
        for (Record rec : open) {
            if (rec.closedByParent()) {
                OpenRecords.remove(rec, OpenRecords.Cause.DROPPED);
                continue;
            }
            // Transactions have their own, shorter thresholds: judged before the age skip below.
            if (watchTransactions && rec.family == Family.JDBC) {
                transactions.look(rec, nowNanos, exemptions);
            }
            long age = rec.ageMillis(nowNanos);
            // Most open resources are young: skip them before anything that costs (describing a
            // resource for the exemption globs builds a string). A million records scan in
            // milliseconds this way.
            if (!atExit && (warnMillis <= 0 || age < warnMillis) && (criticalMillis <= 0 || age < criticalMillis)) {
                continue;
            }
            // A listening socket or a selector lives as long as the service by design: age says
            // nothing about it. It is still reported when collected unclosed and at exit.
            if (!atExit && isLongLivedByDesign(rec.type())) {
                continue;
            }
            // A statement still open on an open connection is reported at its own line: closing
            // the connection would have closed it, but nobody did.
            if (rec.get() == null) {
                // Collected without close() and not yet through the reference queue (a GC during
                // shutdown, say): a definite leak now, rather than skipped and lost.
                takeCollected(rec);
                continue;
            }
            if (exemptions.isIgnored(rec)) {
                continue;
            }
            // A connection whose physical connection was closed by another path (a pool's
            // eviction, the application closing the unwrapped connection), or that only wraps
            // another tracked connection, is no finding: asked here, on the scanner thread, and
            // only for what is about to be reported. Not at exit: applications close their pools
            // on the way out, and a pool's close() aborting a leaked borrow must not erase that
            // leak from the exit summary.
            if (!atExit && HandleJudge.releasedElsewhere(rec)) {
                continue;
            }
            if (reclaim && criticalMillis > 0 && age >= criticalMillis && "connection".equals(rec.type())) {
                SiteGroup g = reclaiming.connection(rec, nowNanos);
                if (g != null) {
                    groups.put(SiteGroup.key(Finding.Kind.RECLAIMED, rec), g);
                    continue;
                }
            }
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
        // Definite leaks taken in the loop above may have started new groups.
        for (Map.Entry<String, SiteGroup> d : definite.entrySet()) {
            groups.putIfAbsent(d.getKey(), d.getValue());
        }
        int warnNow = 0;
        int criticalNow = 0;
        for (SiteGroup g : groups.values()) {
            if (g.kind == Finding.Kind.WARN) {
                warnNow += g.count;
            } else if (g.kind == Finding.Kind.CRITICAL) {
                criticalNow += g.count;
            }
        }
        this.pastWarn = warnNow;
        this.pastCritical = criticalNow;
        List<Finding> findings = new ArrayList<>();
        events.drain();
        events.findings(findings, throttle, now, atExit);
        transactions.findings(findings, now);
        if (!atExit) {
            slowIo.findings(findings, nowNanos, now, exemptions);
            threads.findings(findings, nowNanos, now, exemptions);
        }
        for (Map.Entry<String, SiteGroup> e : groups.entrySet()) {
            int count = e.getValue().count;
            if (throttle.due(e.getKey(), count, atExit)) {
                findings.add(e.getValue().toFinding(now, nowNanos, count));
            }
        }
        if (atExit) {
            for (Supplier<List<Finding>> source : exitSources) {
                findings.addAll(source.get());
            }
        }
        if (findings.isEmpty()) {
            return;
        }
        Reporter.deliver(reporters, findings, atExit);
    }
}

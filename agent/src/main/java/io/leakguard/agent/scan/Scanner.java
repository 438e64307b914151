package io.leakguard.agent.scan;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.Glob;
import io.leakguard.agent.report.Reporter;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Events;
import io.leakguard.bootstrap.Family;
import io.leakguard.bootstrap.JdbcPolicy;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.OpenRecords;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The leak scan, on the agent's one daemon thread. Between scans it waits on the tracker's queue
 * of collected resources (definite leaks); every {@code scan.interval} it ages the open records
 * into warn and critical findings. Findings are grouped per site; during the run a site is
 * reported when first seen and again each time its count has doubled (1, 2, 4, 8, ...), so a
 * steady leak stays visible without flooding the log. The exit report is the full summary, each
 * open resource under its most severe kind.
 */
public final class Scanner implements Runnable {
    // Settings: volatile, because `set` (live, through JMX) changes them while the scan runs.
    private volatile long intervalMillis;
    private volatile long warnMillis;
    private volatile long criticalMillis;
    private volatile Glob ignorePaths;
    private volatile Glob ignoreSites;
    private volatile boolean reclaim;
    private final List<Reporter> reporters;
    /** Connections reclaimed since start, grouped by site. */
    private final Map<String, SiteGroup> reclaimed = new LinkedHashMap<>();
    /** Quota refusals since start, by site: count and the latest message. */
    private final Map<String, Object[]> refusals = new LinkedHashMap<>();

    /** Every definite leak since start, grouped by site (the count is the running total). */
    private final Map<String, SiteGroup> definite = new LinkedHashMap<>();
    /** Count last reported per (kind, family, site). */
    private final Map<String, Integer> reported = new HashMap<>();
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
    private final List<java.util.function.Supplier<List<Finding>>> exitSources = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Scanner(Config config, List<Reporter> reporters) {
        this.reporters = reporters;
        apply(config);
    }

    /** Takes new thresholds and exemptions; the next scan uses them. */
    public void apply(Config config) {
        this.intervalMillis = Math.max(100, config.millis("scan.interval"));
        this.warnMillis = config.millis("leak.warn");
        this.criticalMillis = config.millis("leak.critical");
        this.ignorePaths = config.globs("ignore.paths");
        this.ignoreSites = config.globs("ignore.sites");
        this.reclaim = config.mode() == Config.Mode.ENFORCE && config.on("jdbc.reclaim") && criticalMillis > 0
                && reclaimFamilies(config).contains("jdbc");
    }

    /** reclaim.families: the families enforce mode may reclaim (jdbc; file and socket only at descriptor pressure). */
    public static List<String> reclaimFamilies(Config config) {
        return config.list("reclaim.families");
    }

    public void addExitFindings(java.util.function.Supplier<List<Finding>> source) {
        exitSources.add(source);
    }

    /** Stops the scan thread's loop (detach). */
    public void stop() {
        finished = true;
    }

    /** Definite leaks and reclaims so far, for the live report: kind, type, site, count. */
    public synchronized List<String[]> history() {
        List<String[]> out = new ArrayList<>();
        for (SiteGroup g : definite.values()) {
            out.add(new String[] {g.kind.id, g.first.type(), g.first.site().frame, String.valueOf(g.count)});
        }
        for (SiteGroup g : reclaimed.values()) {
            out.add(new String[] {g.kind.id, g.first.type(), g.first.site().frame, String.valueOf(g.count)});
        }
        return out;
    }

    public long warnMillis() {
        return warnMillis;
    }

    public long criticalMillis() {
        return criticalMillis;
    }

    /** Whether the user exempted this resource (ignore.paths, ignore.sites) or it is the JDK's. */
    public boolean isIgnored(Record r) {
        return ignored(r);
    }

    /** Whether ignore.sites matches this frame. */
    public boolean isIgnoredFrame(String frame) {
        Glob sites = ignoreSites;
        return !sites.isEmpty() && frame != null && sites.matches(frame);
    }

    /** Whether ignore.sites exempts this site (a lock's hold, which is not a record). */
    public boolean isIgnoredSite(io.leakguard.bootstrap.Site site) {
        Glob sites = ignoreSites;
        if (sites.isEmpty()) {
            return false;
        }
        if (sites.matches(site.frame)) {
            return true;
        }
        for (String line : site.stack) {
            if (sites.matches(line)) {
                return true;
            }
        }
        return false;
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
        if (r.closedByParent() || r.lostWithParent() || ignored(r)) {
            return;
        }
        definite.computeIfAbsent(SiteGroup.key(Finding.Kind.DEFINITE, r),
                k -> new SiteGroup(Finding.Kind.DEFINITE, r)).add(r);
        io.leakguard.agent.metrics.FindingCounts.add(Finding.Kind.DEFINITE, 1);
    }

    private void drainEvents() {
        Events.Event ev;
        while ((ev = Events.poll()) != null) {
            Object[] v = refusals.computeIfAbsent(ev.kind + "|" + ev.type + "|" + ev.site, k -> new Object[] {0, null});
            v[0] = (Integer) v[0] + 1;
            v[1] = ev;
        }
    }

    /**
     * Enforce mode: gives a connection held past leak.critical back. A pooled handle is closed,
     * which returns it to its pool; a plain connection is aborted. Never while a statement is
     * executing on it. Later use of the handle fails with a message naming where it was acquired.
     */
    private boolean reclaimConnection(Record rec) {
        Object handle = rec.get();
        if (handle == null || !JdbcPolicy.takeForReclaim(rec)) {
            return false;
        }
        try {
            if (rec.pooled()) {
                ((AutoCloseable) handle).close();
            } else {
                Method abort = handle.getClass().getMethod("abort", Executor.class);
                abort.invoke(handle, (Executor) Runnable::run);
            }
        } catch (Throwable t) {
            // The handle is marked reclaimed either way; say what failed, once.
            AgentErrors.record("reclaim " + handle.getClass().getName(), t);
        }
        return true;
    }

    /**
     * Enforce mode at high pressure: gives back what is evidently leaked, and only of the
     * families asked for (the pressured one, as reclaim.families allows). Connections as the
     * periodic reclaim does (idle past leak.critical, no open result set, no transaction);
     * files and sockets open past leak.critical are closed, only when opted in. Returns how many
     * were reclaimed; each is counted and listed with its site.
     */
    public synchronized int reclaimLeaked(boolean connections, boolean files, boolean sockets) {
        long critical = criticalMillis;
        if (critical <= 0 || !(connections || files || sockets)) {
            return 0;
        }
        long nowNanos = System.nanoTime();
        int n = 0;
        List<Record> open = OpenRecords.snapshot();
        java.util.Set<Record> withCursor = null;
        for (Record rec : open) {
            int family = rec.family;
            boolean wanted = family == Family.JDBC ? connections && "connection".equals(rec.type())
                    : family == Family.FILE ? files : family == Family.SOCKET && sockets;
            if (!wanted || rec.get() == null || rec.closedByParent() || rec.ageMillis(nowNanos) < critical
                    || isLongLivedByDesign(rec.type()) || ignored(rec)) {
                continue;
            }
            boolean done;
            if (family == Family.JDBC) {
                if (withCursor == null) {
                    withCursor = connectionsWithOpenCursors(open);
                }
                done = evidentlyLeaked(rec, nowNanos, withCursor) && reclaimConnection(rec);
            } else {
                done = rec.get() instanceof java.io.Closeable && closeLeaked(rec);
            }
            if (done) {
                n++;
                final Record first = rec;
                reclaimed.computeIfAbsent(SiteGroup.key(Finding.Kind.RECLAIMED, rec),
                        x -> new SiteGroup(Finding.Kind.RECLAIMED, first)).add(rec);
                io.leakguard.bootstrap.Counters.RECLAIMS.increment();
                io.leakguard.agent.metrics.FindingCounts.add(Finding.Kind.RECLAIMED, 1);
            }
        }
        return n;
    }

    /**
     * Age is no evidence of a leak: a connection is reclaimed only when nothing has touched it
     * (no call on it, its statements or result sets) for leak.critical, no statement is executing
     * on it, no result set of it is open (a cursor someone may still read), and no transaction
     * is in progress (statements executed since the last commit/rollback with autocommit off;
     * where the application never set autocommit on the handle, the driver is asked, and a
     * driver that cannot say keeps its connection).
     */
    private boolean evidentlyLeaked(Record conn, long nowNanos, java.util.Set<Record> withCursor) {
        if (!JdbcPolicy.tracksUse()) {
            return false; // use is not advised (enforce was set live, after the install): nothing proves idleness
        }
        if (conn.isExecuting() || JdbcPolicy.idleMillis(conn, nowNanos) < criticalMillis || withCursor.contains(conn)) {
            return false;
        }
        int tx = JdbcPolicy.transaction(conn);
        if (tx == JdbcPolicy.NO_TRANSACTION) {
            return true;
        }
        if (tx == JdbcPolicy.IN_TRANSACTION) {
            return false;
        }
        Object handle = conn.get();
        try {
            return handle instanceof java.sql.Connection && ((java.sql.Connection) handle).getAutoCommit();
        } catch (Throwable t) {
            return false;
        }
    }

    /** The connections with a result set still open (not closed, nor closed with its statement). */
    private static java.util.Set<Record> connectionsWithOpenCursors(List<Record> open) {
        java.util.Set<Record> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Record r : open) {
            if (r.family == Family.JDBC && "resultset".equals(r.type()) && r.get() != null && !r.closedByParent()) {
                out.add(JdbcPolicy.connectionOf(r));
            }
        }
        return out;
    }

    static boolean isLongLivedByDesign(String type) {
        return "serversocket".equals(type) || "serverchannel".equals(type) || "asyncserver".equals(type)
                || "selector".equals(type);
    }

    private static boolean closeLeaked(Record rec) {
        Object resource = rec.get();
        if (resource == null) {
            return false;
        }
        try {
            ((java.io.Closeable) resource).close();
            return true;
        } catch (Throwable t) {
            AgentErrors.record("reclaim " + resource.getClass().getName(), t);
            return false;
        }
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

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
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
        long cpu0 = CPU.getCurrentThreadCpuTime();
        try {
            scanOnce(atExit);
        } finally {
            lastScanCpuNanos = CPU.getCurrentThreadCpuTime() - cpu0;
            if (atExit) {
                exitReported = true;
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
        groups.putAll(reclaimed);
        List<Record> open = OpenRecords.snapshot();
        lastScanRecords = open.size();
        java.util.Set<Record> withCursor = null;
        for (Record rec : open) {
            if (rec.closedByParent()) {
                OpenRecords.remove(rec, OpenRecords.Cause.DROPPED);
                continue;
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
            if (ignored(rec)) {
                continue;
            }
            if (reclaim && criticalMillis > 0 && age >= criticalMillis && "connection".equals(rec.type())
                    && evidentlyLeaked(rec, nowNanos, withCursor != null ? withCursor
                            : (withCursor = connectionsWithOpenCursors(open)))
                    && reclaimConnection(rec)) {
                final Record first = rec;
                SiteGroup g = reclaimed.computeIfAbsent(SiteGroup.key(Finding.Kind.RECLAIMED, rec),
                        x -> new SiteGroup(Finding.Kind.RECLAIMED, first));
                g.add(rec);
                groups.put(SiteGroup.key(Finding.Kind.RECLAIMED, rec), g);
                io.leakguard.bootstrap.Counters.RECLAIMS.increment();
                io.leakguard.agent.metrics.FindingCounts.add(Finding.Kind.RECLAIMED, 1);
                continue;
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
        drainEvents();
        for (Map.Entry<String, Object[]> e : refusals.entrySet()) {
            Object[] v = e.getValue();
            Events.Event ev = (Events.Event) v[1];
            int count = (Integer) v[0];
            String key = "event|" + e.getKey();
            Integer last = reported.get(key);
            if (atExit || last == null || count >= 2 * last) {
                reported.put(key, count);
                Finding.Kind kind = Finding.Kind.forId(ev.kind);
                findings.add(new Finding(kind, ev.family, ev.type, ev.site, count, 0, ev.thread,
                        List.of(ev.message), Arrays.asList(ev.stack), now,
                        kind == Finding.Kind.QUOTA_REFUSED ? "refused" : kind == Finding.Kind.LOCK_TIMEOUT ? "thrown" : ev.kind));
            }
        }
        for (Map.Entry<String, SiteGroup> e : groups.entrySet()) {
            int count = e.getValue().count;
            Integer last = reported.get(e.getKey());
            if (atExit || last == null || count >= 2 * last) {
                reported.put(e.getKey(), count);
                findings.add(e.getValue().toFinding(now, nowNanos, count));
            }
        }
        if (atExit) {
            for (java.util.function.Supplier<List<Finding>> source : exitSources) {
                findings.addAll(source.get());
            }
        }
        if (findings.isEmpty()) {
            return;
        }
        Reporter.deliver(reporters, findings, atExit);
    }
}

package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.report.LiveReport;
import io.leakguard.agent.report.Reporter;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.JdbcPolicy;
import io.leakguard.bootstrap.Pressure;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches three pressures on its own agent thread, every 250 ms: file descriptors in use against
 * the process limit (Linux), application JDBC connections against jdbc.max-connections (when
 * set), and heap occupancy after the last GC. Levels: normal below 70 %, elevated from 70 %, high
 * from 85 %, critical from 95 %; a level is left only when use falls 5 points below its mark, so
 * it does not flap. Each change of level is a finding.
 *
 * <p>Actions as a level is reached (and every lower level's on the way up): elevated writes the
 * holder dump (the open-resource table with sites) once per episode; in enforce mode, high
 * reclaims what is evidently leaked of the pressured family only (connections idle past
 * leak.critical; files and sockets open past it only if reclaim.families names them) and
 * critical makes new acquisitions of the pressured family fail (see Pressure), until the level
 * falls below high. A burst that crosses levels between two readings wakes the monitor (the
 * opens see the marks): each level crossed is reported with its action, and refusals are
 * findings, the first at once, then a count at most every 5 s.
 *
 * <p>When descriptors run out, nothing here may need one: the dump is rendered by classes that
 * were loaded and exercised at start, and printed to the already-open stderr; the descriptor
 * count comes from the OS bean, and when that fails (it opens /proc/self/fd) from the tracker's
 * own count plus the last measured baseline.
 */
public final class PressureMonitor implements Runnable {
    private static final double[] MARKS = {0.70, 0.85, 0.95};
    private static final double HYSTERESIS = 0.05;
    private static final long PERIOD_MILLIS = 250;
    /**
     * The holder dump's code is loaded and run once, while descriptors are plentiful, a second
     * after start: not at start, where it would compete with the program's own start-up for the
     * CPU (and a program that ends at once never needs it).
     */
    private static final long WARM_UP_AFTER_NANOS = 1_000_000_000L;
    /**
     * The first reading (the management beans: ~300 JDK classes, ~15 ms of a hello world's wall
     * time and 0.03 s of CPU on the two cores it shares with premain and main) comes this long
     * after start, so a program that ends sooner never pays for it; enforce mode's refusal asks
     * for it at once ({@link #awaitFirstReading}).
     */
    private static final long FIRST_READING_AFTER_MILLIS = PERIOD_MILLIS;
    private final java.util.concurrent.CountDownLatch readNow = new java.util.concurrent.CountDownLatch(1);

    private final List<Reporter> reporters;
    private final PrintStream dumpTo;
    private final Scanner scanner;
    // Read on the monitor's own thread when it starts, not in premain: the management beans
    // load a few hundred JDK classes (issue 15). Written once, before the first tick.
    private com.sun.management.UnixOperatingSystemMXBean unix;
    private long fdLimit;
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final int[] level = new int[Pressure.RESOURCES.length];
    private final boolean[] dumped = new boolean[Pressure.RESOURCES.length];
    private volatile boolean enforce;
    private volatile boolean dump;
    private volatile boolean reclaim;
    /** reclaim.families: what high pressure may take back (connections at connection pressure; files, sockets at descriptor pressure). */
    private volatile boolean reclaimJdbc = true;
    private volatile boolean reclaimFiles;
    private volatile boolean reclaimSockets;
    private volatile boolean finished;
    /** Set by the shutdown hook before the exit report: nothing is reported after it. Guarded by this. */
    private boolean exiting;
    /** Refusals reported so far per resource, and when the last refusal finding was made. */
    private final long[] refusalsReported = new long[Pressure.RESOURCES.length];
    private final long[] refusalReportedAt = new long[Pressure.RESOURCES.length];
    /** After the first refusal of an episode (reported at once), a count at most this often. */
    private static final long REFUSAL_SUMMARY_MILLIS = 5000;
    private long untracked;

    public PressureMonitor(List<Reporter> reporters, PrintStream dumpTo, Scanner scanner) {
        this.reporters = reporters;
        this.dumpTo = dumpTo;
        this.scanner = scanner;
    }

    private void readLimits() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        this.unix = os instanceof com.sun.management.UnixOperatingSystemMXBean
                ? (com.sun.management.UnixOperatingSystemMXBean) os : null;
        this.fdLimit = unix == null ? 0 : unix.getMaxFileDescriptorCount();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()) {
                heapPools.add(p);
            }
        }
    }

    public void apply(boolean enforceMode, boolean dumpOn, boolean reclaimOn) {
        this.enforce = enforceMode;
        this.dump = dumpOn;
        this.reclaim = reclaimOn;
    }

    /** The families reclaim.families lets enforce mode take back. */
    public void reclaimFamilies(boolean jdbc, boolean files, boolean sockets) {
        this.reclaimJdbc = jdbc;
        this.reclaimFiles = files;
        this.reclaimSockets = sockets;
    }

    public void stop() {
        finished = true;
        readNow.countDown();
        firstReading.countDown();
    }

    /**
     * The JVM is shutting down and the exit report, which takes {@link #summary()} next, must be
     * the last word: a reading woken by the program's last refusal printed its level changes after
     * it (and was the last scan in report.json). Synchronized with {@link #tick()}: a reading under
     * way finishes first. Refusals not yet reported (the one that ended the program, say) are
     * reported now, into the summary. Readings go on afterwards, unreported, without a holder
     * dump or a reclaim: enforce mode's refusals follow the live levels through a long graceful
     * shutdown rather than the level at its start.
     */
    public synchronized void exiting() {
        try {
            List<Finding> out = new ArrayList<>();
            refusals(Pressure.FD, "files and sockets", out, true);
            refusals(Pressure.JDBC, "JDBC connections", out, true);
            report(out);
        } catch (Throwable t) {
            AgentErrors.record("pressure exit", t);
        } finally {
            exiting = true;
        }
    }

    /** Counted down once the first reading is taken (or failed): the hot path's refusal needs its limits. */
    private final java.util.concurrent.CountDownLatch firstReading = new java.util.concurrent.CountDownLatch(1);

    /**
     * Waits (at most the given time) for the first reading. Enforce mode's refusal at critical
     * descriptor pressure compares against the limit and baseline that reading measures; a
     * program that exhausts its descriptors in its first milliseconds must meet it too. The
     * monitor, otherwise waiting {@link #FIRST_READING_AFTER_MILLIS}, reads at once on its own
     * thread while premain installs the instrumentation, so the wait is what is left of the
     * reading's ~100 ms (the management beans' classes) after that.
     */
    public void awaitFirstReading(long millis) {
        readNow();
        try {
            firstReading.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the first reading now rather than {@link #FIRST_READING_AFTER_MILLIS} after start. */
    public void readNow() {
        readNow.countDown();
    }

    /** Every level change since start, for the exit report. */
    private final List<Finding> exitSummary = new java.util.concurrent.CopyOnWriteArrayList<>();

    public List<Finding> summary() {
        return new ArrayList<>(exitSummary);
    }

    @Override
    public void run() {
        try {
            readNow.await(FIRST_READING_AFTER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return;
        }
        if (finished) {
            return;
        }
        try {
            readLimits();
        } catch (Throwable t) {
            AgentErrors.record("pressure limits", t);
        }
        // Parked rather than asleep: an open that crosses a level or is refused wakes it at once.
        Pressure.monitorThread(Thread.currentThread());
        long started = System.nanoTime();
        boolean warm = false;
        while (!finished) {
            try {
                if (!warm && System.nanoTime() - started > WARM_UP_AFTER_NANOS) {
                    warm = true;
                    warmUp();
                }
                try {
                    tick();
                } finally {
                    firstReading.countDown();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(PERIOD_MILLIS * 1_000_000L);
                if (Thread.interrupted()) {
                    return;
                }
            } catch (Throwable t) {
                AgentErrors.record("pressure monitor", t);
            }
        }
    }

    private void warmUp() {
        try {
            LiveReport.render(scanner, null, false, null);
        } catch (Throwable t) {
            AgentErrors.record("pressure dump warm-up", t);
        }
    }

    /**
     * Descriptors open now, or -1 when unknown. Counting them means listing /proc/self/fd, which
     * itself takes a descriptor: when none is free the JDK throws InternalError ("errno: 24").
     * That is the answer, not an agent failure: every descriptor is in use.
     */
    private long openDescriptors() {
        try {
            return unix.getOpenFileDescriptorCount();
        } catch (Throwable t) {
            String m = String.valueOf(t.getMessage());
            return m.contains("errno: 24") || m.contains("Too many open files") ? fdLimit : -1;
        }
    }

    synchronized void tick() {
        List<Finding> out = new ArrayList<>();
        if (fdLimit > 0) {
            long peak = Pressure.takeFdPeak();
            long tracked = Pressure.trackedDescriptors();
            long measured = openDescriptors();
            if (measured >= 0) {
                // The agent's own (the metrics endpoint's clients) are not the application's.
                measured = Math.max(0, measured - Pressure.agentDescriptors());
                untracked = Math.max(0, measured - tracked);
                Pressure.descriptors(untracked, fdLimit, MARKS[2]);
                // A burst between two readings: its peak (seen by the opens themselves) sets the level.
                long used = Math.max(measured, peak);
                observe(Pressure.FD, (double) used / fdLimit, used + " of " + fdLimit + " file descriptors in use"
                        + (used > measured ? " at the peak since the last reading (" + measured + " now)" : ""), out);
                int lv = level[Pressure.FD];
                Pressure.fdNextMark(lv < MARKS.length ? (long) Math.ceil(fdLimit * MARKS[lv]) : 0);
            }
        }
        int maxConnections = JdbcPolicy.maxConnections();
        if (maxConnections > 0) {
            int open = JdbcPolicy.openConnections();
            observe(Pressure.JDBC, (double) open / maxConnections,
                    open + " of jdbc.max-connections=" + maxConnections + " connections open", out);
        }
        double heap = heapAfterGc();
        if (heap >= 0) {
            observe(Pressure.HEAP, heap, Math.round(heap * 100) + " % of the heap in use after the last GC", out);
        }
        if (!exiting) {
            refusals(Pressure.FD, "files and sockets", out, false);
            refusals(Pressure.JDBC, "JDBC connections", out, false);
        }
        report(out);
    }

    /** The fullest heap pool after its last collection (the old generation, in practice); -1 if unknown. */
    private double heapAfterGc() {
        double worst = -1;
        for (MemoryPoolMXBean p : heapPools) {
            MemoryUsage u = p.getCollectionUsage();
            if (u != null && u.getMax() > 0) {
                worst = Math.max(worst, (double) u.getUsed() / u.getMax());
            }
        }
        return worst;
    }

    private static int levelFor(double ratio, int current) {
        int up = 0;
        while (up < MARKS.length && ratio >= MARKS[up]) {
            up++;
        }
        if (up >= current) {
            return up;
        }
        // Going down: leave a level only once use is clearly below its mark.
        int down = current;
        while (down > 0 && ratio < MARKS[down - 1] - HYSTERESIS) {
            down--;
        }
        return down;
    }

    /**
     * Going up, every level crossed is its own finding with its own action (a burst from normal
     * to critical between two readings still dumps, reclaims and says it refuses); going down,
     * one finding for the level reached.
     */
    private void observe(int resource, double ratio, String what, List<Finding> out) {
        int target = levelFor(ratio, level[resource]);
        Pressure.update(resource, target, ratio);
        while (level[resource] != target) {
            int before = level[resource];
            step(resource, before, target > before ? before + 1 : target, what, out);
        }
    }

    private void step(int resource, int before, int now, String what, List<Finding> out) {
        level[resource] = now;
        String name = Pressure.RESOURCES[resource];
        String action = now == Pressure.NORMAL ? "back to normal" : "reported";
        if (!exiting && now > before && now >= Pressure.ELEVATED && dump && !dumped[resource]) {
            dumped[resource] = true;
            holderDump(name, what);
            action = "holder dump";
        }
        if (!exiting && now == Pressure.HIGH && now > before && enforce && reclaim && resource != Pressure.HEAP) {
            // Only the pressured family, and files and sockets only when reclaim.families names them.
            boolean fd = resource == Pressure.FD;
            if (fd && !reclaimFiles && !reclaimSockets) {
                action += "; files and sockets are not reclaimed (reclaim.families)";
            } else {
                int n = scanner.reclaimLeaked(!fd && reclaimJdbc, fd && reclaimFiles, fd && reclaimSockets);
                action += n > 0 ? "; reclaimed " + n + " leaked resource(s)" : "; nothing evidently leaked to reclaim";
            }
        }
        if (now == Pressure.CRITICAL && enforce && resource != Pressure.HEAP && Pressure.refusing()) {
            action += "; refusing new " + (resource == Pressure.FD ? "files and sockets" : "JDBC connections");
        }
        if (now == Pressure.NORMAL) {
            dumped[resource] = false;
        }
        out.add(new Finding(Finding.Kind.PRESSURE, "pressure", name, Pressure.LEVELS[now], 1, 0,
                Thread.currentThread().getName(), List.of(name + " pressure " + Pressure.LEVELS[before] + " -> "
                        + Pressure.LEVELS[now] + ": " + what), List.of(), System.currentTimeMillis(), action));
    }

    /**
     * Refusals as findings: the first since the last report at once (the refusing open wakes the
     * monitor) with its message; further ones as a count at most every REFUSAL_SUMMARY_MILLIS,
     * and what is left when the level falls below critical, or (atExit) when the JVM exits.
     */
    private void refusals(int resource, String what, List<Finding> out, boolean atExit) {
        long total = Pressure.refusals(resource);
        long fresh = total - refusalsReported[resource];
        if (fresh <= 0) {
            return;
        }
        long nowMillis = System.currentTimeMillis();
        boolean episodeOver = level[resource] < Pressure.CRITICAL;
        boolean first = refusalReportedAt[resource] == 0;
        if (!atExit && !first && !episodeOver && nowMillis - refusalReportedAt[resource] < REFUSAL_SUMMARY_MILLIS) {
            return;
        }
        String message = Pressure.takeFirstRefusal(resource);
        String name = Pressure.RESOURCES[resource];
        String line = first && message != null
                ? name + " pressure " + Pressure.LEVELS[level[resource]] + ": refused " + fresh + " new " + what
                        + "; first: " + message
                : name + " pressure " + Pressure.LEVELS[level[resource]] + ": refused " + fresh + " more new " + what
                        + " (" + total + " since start)";
        refusalsReported[resource] = total;
        refusalReportedAt[resource] = episodeOver ? 0 : nowMillis;
        out.add(new Finding(Finding.Kind.PRESSURE, "pressure", name, "refused", (int) Math.min(Integer.MAX_VALUE, fresh), 0,
                Thread.currentThread().getName(), List.of(line), List.of(), nowMillis, "refused"));
    }

    private void holderDump(String resource, String what) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("leakguard: holder dump (").append(resource).append(" pressure elevated: ").append(what).append(")\n");
        sb.append(LiveReport.render(scanner, null, false, null));
        dumpTo.print(sb);
        dumpTo.flush();
    }

    private void report(List<Finding> out) {
        if (out.isEmpty() || exiting) {
            return;
        }
        Reporter.deliver(reporters, out, false);
        exitSummary.addAll(out);
    }
}

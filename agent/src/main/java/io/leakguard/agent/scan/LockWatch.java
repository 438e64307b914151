package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.agent.report.Reporter;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Frames;
import io.leakguard.bootstrap.HeldLocks;
import io.leakguard.bootstrap.Locks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock family's watch, on its own agent thread, a few times per lock.wait-timeout:
 * <ul>
 * <li>long waits for ReentrantLocks and read/write locks, from the waiters the JDK's slow path
 *     registered (platform and virtual threads alike), with the waiter's stack, the owner's
 *     current stack and, when hold tracking has it, where the owner took the lock;</li>
 * <li>long waits to enter a {@code synchronized} block, from the JVM's thread information (the
 *     owner's locked-monitor frames say where it entered);</li>
 * <li>dead owners: a lock whose owner has terminated (seen by a waiter, or in the hold records);</li>
 * <li>long holds, from the hold records;</li>
 * <li>deadlocks: cycles through the registered waiters and their locks' owners (virtual threads
 *     too), and the JVM's own detector (monitors and ownable synchronizers, platform threads).
 *     Each cycle is reported once.</li>
 * </ul>
 * Each problem has its detector ({@link LockWaits}, {@link MonitorWaits}, {@link DeadOwners},
 * {@link LongHolds}, {@link Deadlocks}); the watch runs them each tick, leaves out what
 * ignore.sites exempts, keeps running totals for the exit summary and reports through the
 * {@link ReportThrottle}.
 * Everything here runs off the application's threads. Locks the JDK takes for itself (a socket's
 * read lock held through a blocking read, a stream's internal lock) are not the application's
 * and are skipped.
 */
public final class LockWatch implements Runnable {
    private static final String[] JDK = Frames.jdkPackages();
    private static final String[] POOLS_AND_DRIVERS = io.leakguard.agent.config.Options.POOLS_AND_DRIVERS.split(";");

    private volatile long waitMillis;
    private volatile long holdWarnMillis;
    private volatile boolean finished;
    private final List<Reporter> reporters;
    private volatile boolean exiting;

    // One detector per lock problem; they share what one finds and another must know.
    private final Deadlocks deadlocks = new Deadlocks();
    private final DeadOwners deadOwners = new DeadOwners();
    private final LockWaits lockWaits = new LockWaits(deadlocks, deadOwners);
    private final MonitorWaits monitorWaits = new MonitorWaits(deadlocks);
    private final LongHolds longHolds = new LongHolds();
    /** Everything reported, per (kind, type, site), for the exit summary and the doubling rule. */
    private final Map<String, Finding> totals = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final ReportThrottle throttle = new ReportThrottle();
    private long lastJvmCheck;

    /** ignore.sites, applied to every site a lock finding names. */
    private final java.util.function.Predicate<String> exempt;

    public LockWatch(long waitMillis, long holdWarnMillis, List<Reporter> reporters,
                     java.util.function.Predicate<String> exempt) {
        this.reporters = reporters;
        this.exempt = exempt;
        apply(waitMillis, holdWarnMillis);
    }

    public void apply(long waitTimeout, long holdWarn) {
        this.waitMillis = waitTimeout;
        this.holdWarnMillis = holdWarn;
    }

    public void stop() {
        finished = true;
    }

    /**
     * The JVM is shutting down: threads end now because it does (no dead owners from that), and
     * the exit report, which takes {@link #summary()} next, is the last word. Synchronized: a
     * tick under way finishes first.
     */
    public synchronized void exiting() {
        exiting = true;
    }

    @Override
    public void run() {
        while (!finished) {
            long period = waitMillis > 0 ? Math.max(50, Math.min(500, waitMillis / 4)) : 500;
            try {
                Thread.sleep(period);
                tick();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentErrors.record("lock watch", t);
            }
        }
    }

    synchronized void tick() {
        if (exiting) {
            return; // the exit report has the lock findings; nothing is printed after it
        }
        deadOwners.tick();
        long waitMillis = this.waitMillis;
        long holdWarnMillis = this.holdWarnMillis;
        List<Finding> out = new ArrayList<>();
        long nowMillis = System.currentTimeMillis();
        // Cycles first: a deadlocked thread's wait is part of the deadlock finding, not its own.
        deadlocks.ownCycles(out, nowMillis);
        boolean jvmCheck = nowMillis - lastJvmCheck >= 1000;
        if (jvmCheck) {
            deadlocks.jvmDeadlocks(out, nowMillis);
        }
        if (waitMillis > 0) {
            lockWaits.check(out, nowMillis, waitMillis, holdWarnMillis);
        }
        holds(out, nowMillis, holdWarnMillis);
        if (jvmCheck) {
            lastJvmCheck = nowMillis;
            if (waitMillis > 0) {
                monitorWaits.check(out, nowMillis, waitMillis, holdWarnMillis);
            }
        }
        List<Finding> report = new ArrayList<>();
        for (Finding f : out) {
            if (exempted(f)) {
                continue;
            }
            Locks.problemSeen();
            FindingCounts.add(f.kind, f.count);
            String key = f.kind.id + '|' + f.type + '|' + f.site;
            int total = counts.merge(key, f.count, Integer::sum);
            totals.put(key, withCount(f, total));
            // Deadlocks and dead owners are each reported; a storm of waits at one site doubles.
            if (throttle.due(key, total, f.kind == Finding.Kind.DEADLOCK)) {
                report.add(withCount(f, total));
            }
        }
        if (!report.isEmpty()) {
            Reporter.deliver(reporters, report, false);
        }
    }

    private boolean exempted(Finding f) {
        if (exempt.test(f.site)) {
            return true;
        }
        for (Finding.ThreadPart p : f.threads) {
            if (p.acquiredAt != null && exempt.test(p.acquiredAt)) {
                return true;
            }
        }
        return false;
    }

    /** Every lock finding so far, with running totals: part of the exit report. */
    public synchronized List<Finding> summary() {
        return new ArrayList<>(totals.values());
    }

    private static Finding withCount(Finding f, int count) {
        return new Finding(f.kind, f.family, f.type, f.site, count, f.oldestAgeMillis, f.thread, f.resources, f.stack,
                f.timeMillis, f.action, f.threads);
    }

    /**
     * The hold records (when tracking): a live thread's may be long holds, an ended thread's are
     * dead owners.
     */
    private void holds(List<Finding> out, long nowMillis, long holdWarnMillis) {
        if (!Locks.tracking()) {
            return;
        }
        long nowNanos = System.nanoTime();
        for (HeldLocks h : Locks.threads()) {
            if (h.thread().isAlive()) {
                longHolds.check(h, out, nowMillis, nowNanos, holdWarnMillis);
            } else {
                deadOwners.threadEnded(h, out, nowMillis, nowNanos);
            }
        }
    }

    // ---- frame classification, for the detectors ----

    /**
     * The class whose code called into java.util.concurrent.locks (null if none): the JDK's for
     * the JDK's own locks (its I/O locks, a queue inside a pool), which are not the application's
     * waits; a pool's or driver's for their own locks, which wait as long as their work takes
     * and are reported only past lock.hold-warn (see {@link MonitorWaits}). Above the lock
     * frames sit the parking internals, which differ between platform and virtual threads.
     */
    static String lockCaller(StackTraceElement[] stack) {
        int i = 0;
        while (i < stack.length && !stack[i].getClassName().startsWith(LOCKS)) {
            i++;
        }
        while (i < stack.length && (stack[i].getClassName().startsWith(LOCKS)
                || stack[i].getClassName().startsWith("io.leakguard.bootstrap."))) {
            i++;
        }
        return i < stack.length ? stack[i].getClassName() : null;
    }

    private static final String LOCKS = "java.util.concurrent.locks.";

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The first frame that is neither the JDK's nor a pool's or driver's (the line to fix). */
    static String firstApplicationFrame(StackTraceElement[] stack) {
        StackTraceElement library = null;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (startsWithAny(c, JDK) || c.startsWith("io.leakguard.bootstrap.")) {
                continue;
            }
            if (!startsWithAny(c, POOLS_AND_DRIVERS)) {
                return frame(e);
            }
            if (library == null) {
                library = e;
            }
        }
        return library != null ? frame(library) : stack.length > 0 ? frame(stack[0]) : "unknown";
    }

    /**
     * A frame as the tracker's sites print it: class.method(File.java:line), without the class
     * loader and module prefixes that StackTraceElement.toString() adds for other threads' stacks.
     */
    static String frame(StackTraceElement e) {
        String where = e.isNativeMethod() ? "Native Method"
                : e.getFileName() == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    /**
     * A wait that is the agent's own: the code waiting is the agent's (the topmost frame that is
     * not the JDK's), or the thread is one of the agent's (its task, the lowest frame that is not
     * the JDK's). Its scanner and its pressure monitor share the scanner's lock, and a scan under
     * heavy GC holds it for seconds: never a finding about the application, which the agent's own
     * resources never are. An application's thread waiting in a driver's or its own code that an
     * agent hook called (a driver's synchronized isClosed()) is still reported: such a wait may
     * be a hang the agent caused, and hiding it would hide that.
     */
    static boolean agentCode(StackTraceElement[] stack) {
        String top = null;
        String bottom = null;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!startsWithAny(c, JDK)) {
                if (top == null) {
                    top = c;
                }
                bottom = c;
            }
        }
        return top != null && (Frames.isAgent(top) || Frames.isAgent(bottom));
    }

    /** A thread blocked inside the JDK's own synchronized code (its top frame is the JDK's). */
    static boolean jdkMonitorUser(StackTraceElement[] stack) {
        return stack.length > 0 && startsWithAny(stack[0].getClassName(), JDK);
    }

    /** Whether the class is the JDK's. */
    static boolean jdkClass(String className) {
        return startsWithAny(className, JDK);
    }

    /** Whether the class is a connection pool's or a JDBC driver's (their own locks wait as long as their work). */
    static boolean poolOrDriverClass(String className) {
        return startsWithAny(className, POOLS_AND_DRIVERS);
    }
}

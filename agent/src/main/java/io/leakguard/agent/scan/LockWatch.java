package io.leakguard.agent.scan;

import io.leakguard.agent.report.Reporter;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Frames;
import io.leakguard.bootstrap.HeldLocks;
import io.leakguard.bootstrap.LockOwners;
import io.leakguard.bootstrap.LockWait;
import io.leakguard.bootstrap.Locks;
import io.leakguard.bootstrap.ThreadNames;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

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
 * Everything here runs off the application's threads. Locks the JDK takes for itself (a socket's
 * read lock held through a blocking read, a stream's internal lock) are not the application's
 * and are skipped.
 */
public final class LockWatch implements Runnable {
    private static final int STACK_LINES = 24;
    private static final String[] JDK = Frames.jdkPackages();
    private static final String[] POOLS_AND_DRIVERS = io.leakguard.agent.config.Options.POOLS_AND_DRIVERS.split(";");

    private volatile long waitMillis;
    private volatile long holdWarnMillis;
    private volatile boolean finished;
    private final List<Reporter> reporters;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Deadlock cycles already reported, by their sorted thread ids. */
    private final Set<String> cycles = new HashSet<>();
    /** Threads in a reported deadlock: their blocked waits are that finding, not another. */
    private final Set<Long> deadlocked = new HashSet<>();
    /** Locks already reported as held by a dead thread. */
    private final Map<Object, Boolean> deadReported = new WeakHashMap<>();
    /**
     * Owners first seen terminated, with the tick that saw it. A dead owner is reported from the
     * next tick on: when main returns holding a lock and the JVM exits at once, the scan can run
     * in the moment between main's end and the shutdown; that is the program ending, not a lock
     * nobody can ever take again.
     */
    private final Map<Thread, Long> seenDead = new WeakHashMap<>();
    private long tickCount;
    private volatile boolean exiting;
    /** Long holds already reported: lock -> the hold's start. */
    private final Map<Object, Long> holdsReported = new WeakHashMap<>();
    /** Threads blocked on a monitor: "id|lock" -> first seen (ms); and those already reported. */
    private final Map<String, Long> blockedSince = new HashMap<>();
    private final Set<String> blockedReported = new HashSet<>();
    /** Everything reported, per (kind, type, site), for the exit summary and the doubling rule. */
    private final Map<String, Finding> totals = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Integer> lastReported = new HashMap<>();
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

    /** Whether {@code owner} was already terminated at an earlier tick (see {@link #seenDead}). */
    private boolean confirmedDead(Thread owner) {
        Long first = seenDead.putIfAbsent(owner, tickCount);
        return first != null && first < tickCount;
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
        tickCount++;
        List<Finding> out = new ArrayList<>();
        long nowMillis = System.currentTimeMillis();
        // Cycles first: a deadlocked thread's wait is part of the deadlock finding, not its own.
        ownCycles(out, nowMillis);
        boolean jvmCheck = nowMillis - lastJvmCheck >= 1000;
        if (jvmCheck) {
            jvmDeadlocks(out, nowMillis);
        }
        if (waitMillis > 0) {
            waits(out, nowMillis);
        }
        holds(out, nowMillis);
        if (jvmCheck) {
            lastJvmCheck = nowMillis;
            if (waitMillis > 0) {
                monitorWaits(out, nowMillis);
            }
        }
        List<Finding> report = new ArrayList<>();
        for (Finding f : out) {
            if (exempted(f)) {
                continue;
            }
            Locks.problemSeen();
            io.leakguard.agent.metrics.FindingCounts.add(f.kind, f.count);
            String key = f.kind.id + '|' + f.type + '|' + f.site;
            int total = counts.merge(key, f.count, Integer::sum);
            totals.put(key, withCount(f, total));
            Integer last = lastReported.get(key);
            // Deadlocks and dead owners are each reported; a storm of waits at one site doubles.
            if (last == null || total >= 2 * last || f.kind == Finding.Kind.DEADLOCK) {
                lastReported.put(key, total);
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

    // ---- waits for ReentrantLock / read-write locks ----

    private void waits(List<Finding> out, long nowMillis) {
        long nowNanos = System.nanoTime();
        Map<Object, List<LockWait>> bySync = new LinkedHashMap<>();
        for (LockWait w : Locks.waiters()) {
            if (w.reported || (nowNanos - w.sinceNanos) / 1_000_000L < waitMillis
                    || deadlocked.contains(w.thread.getId())) {
                continue;
            }
            StackTraceElement[] stack = w.thread.getStackTrace();
            String caller = lockCaller(stack);
            if (caller != null && startsWithAny(caller, POOLS_AND_DRIVERS)
                    && (nowNanos - w.sinceNanos) / 1_000_000L < Math.max(waitMillis, holdWarnMillis)) {
                continue; // a pool's or driver's own lock: looked at again, reported past lock.hold-warn
            }
            w.reported = true;
            if (caller == null || startsWithAny(caller, JDK)) {
                continue;
            }
            bySync.computeIfAbsent(w.sync, k -> new ArrayList<>()).add(w);
        }
        for (Map.Entry<Object, List<LockWait>> e : bySync.entrySet()) {
            Object sync = e.getKey();
            List<LockWait> ws = e.getValue();
            LockWait first = ws.get(0);
            Thread owner = LockOwners.owner(sync);
            String type = LockOwners.type(sync, LockOwners.WRITE);
            long waited = (nowNanos - first.sinceNanos) / 1_000_000L;
            List<Finding.ThreadPart> parts = new ArrayList<>();
            parts.add(new Finding.ThreadPart("waiter", ThreadNames.of(first.thread), first.thread.getState().toString(),
                    LockOwners.name(sync), null, lines(first.thread.getStackTrace())));
            String site;
            String holder;
            if (owner != null) {
                HeldLocks.Hold hold = Locks.holdOf(owner, sync);
                String acquiredAt = acquiredAt(hold);
                boolean dead = !owner.isAlive();
                parts.add(new Finding.ThreadPart("owner", ThreadNames.of(owner), dead ? "TERMINATED" : owner.getState().toString(),
                        LockOwners.name(sync), acquiredAt, dead ? List.of() : lines(owner.getStackTrace())));
                site = hold != null && hold.siteKnown() ? hold.site.frame : firstApplicationFrame(first.thread.getStackTrace());
                holder = "held by thread \"" + ThreadNames.of(owner) + "\"" + (dead ? " (terminated)" : "") + ", acquired at "
                        + acquiredAt;
                if (dead) {
                    if (!confirmedDead(owner)) {
                        ws.forEach(w -> w.reported = false); // looked at again next tick
                        continue;
                    }
                    if (deadReported.put(sync, Boolean.TRUE) == null) {
                        out.add(new Finding(Finding.Kind.DEAD_OWNER, "lock", type, site, 1, waited, ThreadNames.of(owner),
                                List.of(LockOwners.name(sync) + " " + holder + "; " + ws.size() + " thread(s) waiting"),
                                hold != null && hold.siteKnown() ? Arrays.asList(hold.site.stack) : List.of(), nowMillis,
                                "reported", parts));
                    }
                    continue;
                }
            } else {
                int readers = LockOwners.readHolds(sync);
                site = firstApplicationFrame(first.thread.getStackTrace());
                holder = readers > 0 ? "held by " + readers + " read hold(s)" : "released meanwhile";
                if (readers > 0) {
                    type = LockOwners.type(sync, LockOwners.READ);
                }
            }
            out.add(new Finding(Finding.Kind.LOCK_WAIT, "lock", type, site, ws.size(), waited, ThreadNames.of(first.thread),
                    List.of(LockOwners.name(sync) + " " + holder + "; " + ws.size() + " thread(s) waiting"),
                    List.of(), nowMillis, "reported", parts));
        }
    }

    /**
     * The class whose code called into java.util.concurrent.locks (null if none): the JDK's for
     * the JDK's own locks (its I/O locks, a queue inside a pool), which are not the application's
     * waits; a pool's or driver's for their own locks, which wait as long as their work takes
     * and are reported only past lock.hold-warn (see {@link #monitorWaitMillis}). Above the lock
     * frames sit the parking internals, which differ between platform and virtual threads.
     */
    private static String lockCaller(StackTraceElement[] stack) {
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
    private static String firstApplicationFrame(StackTraceElement[] stack) {
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

    private static String acquiredAt(HeldLocks.Hold hold) {
        if (hold != null && hold.siteKnown()) {
            return hold.site.frame;
        }
        if (hold != null) {
            return "unknown (site not sampled: the thread was over its site.budget)";
        }
        return Locks.tracking() ? "unknown (taken before hold tracking started)"
                : "unknown (hold tracking was off; lock.track-holds=auto turns it on now, =always from the start)";
    }

    private static List<String> lines(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>(Math.min(stack.length, STACK_LINES));
        for (int i = 0; i < stack.length && i < STACK_LINES; i++) {
            out.add(frame(stack[i]));
        }
        return out;
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

    // ---- holds (when tracking): long holds and dead owners ----

    private void holds(List<Finding> out, long nowMillis) {
        if (!Locks.tracking()) {
            return;
        }
        long nowNanos = System.nanoTime();
        for (HeldLocks h : Locks.threads()) {
            Thread t = h.thread();
            boolean alive = t.isAlive();
            if (!alive && !confirmedDead(t)) {
                continue; // looked at again next tick, and forgotten only then
            }
            for (HeldLocks.Hold hold : h.snapshot()) {
                if (!alive) {
                    if (hold.kind != LockOwners.READ && LockOwners.owner(hold.sync) == t
                            && deadReported.put(hold.sync, Boolean.TRUE) == null) {
                        out.add(new Finding(Finding.Kind.DEAD_OWNER, "lock", LockOwners.type(hold.sync, hold.kind),
                                hold.site.frame, 1, (nowNanos - hold.sinceNanos) / 1_000_000L, ThreadNames.of(t),
                                List.of(LockOwners.name(hold.sync) + " held by thread \"" + ThreadNames.of(t)
                                        + "\" (terminated), acquired at " + acquiredAt(hold)),
                                Arrays.asList(hold.site.stack), nowMillis, "reported",
                                List.of(new Finding.ThreadPart("owner", ThreadNames.of(t), "TERMINATED",
                                        LockOwners.name(hold.sync), acquiredAt(hold), List.of()))));
                    }
                    continue;
                }
                long age = (nowNanos - hold.sinceNanos) / 1_000_000L;
                if (holdWarnMillis <= 0 || age < holdWarnMillis || !hold.siteKnown()) {
                    continue;
                }
                Long seen = holdsReported.get(hold.sync);
                if (seen != null && seen == hold.sinceNanos) {
                    continue;
                }
                if (!LockOwners.stillHeld(hold)) {
                    continue;
                }
                holdsReported.put(hold.sync, hold.sinceNanos);
                out.add(new Finding(Finding.Kind.LONG_HOLD, "lock", LockOwners.type(hold.sync, hold.kind), hold.site.frame,
                        1, age, ThreadNames.of(t), List.of(LockOwners.name(hold.sync) + " held by thread \"" + ThreadNames.of(t) + "\""),
                        Arrays.asList(hold.site.stack), nowMillis, "reported",
                        List.of(new Finding.ThreadPart("owner", ThreadNames.of(t), t.getState().toString(),
                                LockOwners.name(hold.sync), hold.site.frame, lines(t.getStackTrace())))));
            }
            if (!alive) {
                Locks.forget(h);
            }
        }
    }

    // ---- deadlocks ----

    /** Cycles through registered waiters: W waits for a lock owned by O, O waits for one owned by ... W. */
    private void ownCycles(List<Finding> out, long nowMillis) {
        long nowNanos = System.nanoTime();
        // A cycle of exclusive owners is a deadlock at once; the pause only lets a racy read of
        // owners and waiters settle (and a tryLock(timeout) cycle is still one while it lasts).
        long settle = 200;
        for (LockWait start : Locks.waiters()) {
            List<LockWait> chain = new ArrayList<>();
            LockWait w = start;
            while (w != null && chain.size() < 64) {
                if ((nowNanos - w.sinceNanos) / 1_000_000L < settle) {
                    break;
                }
                chain.add(w);
                Thread owner = LockOwners.owner(w.sync);
                if (owner == null) {
                    break;
                }
                if (owner == start.thread) {
                    report(out, chain, nowMillis);
                    break;
                }
                LockWait next = Locks.waitOf(owner);
                if (next == null || chain.contains(next)) {
                    break;
                }
                w = next;
            }
        }
    }

    private void report(List<Finding> out, List<LockWait> cycle, long nowMillis) {
        long[] ids = new long[cycle.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = cycle.get(i).thread.getId();
        }
        if (!cycles.add(key(ids))) {
            return;
        }
        for (long id : ids) {
            deadlocked.add(id);
        }
        List<Finding.ThreadPart> parts = new ArrayList<>();
        String site = null;
        List<String> stack = List.of();
        for (int i = 0; i < cycle.size(); i++) {
            LockWait w = cycle.get(i);
            // This thread holds the lock the previous one waits for.
            Object held = cycle.get((i + cycle.size() - 1) % cycle.size()).sync;
            HeldLocks.Hold hold = Locks.holdOf(w.thread, held);
            if (site == null && hold != null && hold.siteKnown()) {
                site = hold.site.frame;
                stack = Arrays.asList(hold.site.stack);
            }
            parts.add(new Finding.ThreadPart("member", ThreadNames.of(w.thread), w.thread.getState().toString(),
                    "waits for " + LockOwners.name(w.sync) + ", holds " + LockOwners.name(held),
                    acquiredAt(hold), lines(w.thread.getStackTrace())));
        }
        if (site == null) {
            site = firstApplicationFrame(cycle.get(0).thread.getStackTrace());
        }
        out.add(new Finding(Finding.Kind.DEADLOCK, "lock", LockOwners.type(cycle.get(0).sync, LockOwners.WRITE), site,
                1, 0, ThreadNames.of(cycle.get(0).thread), List.of(describe(parts)), stack, nowMillis, "reported", parts));
    }

    private static String describe(List<Finding.ThreadPart> parts) {
        StringBuilder sb = new StringBuilder().append(parts.size()).append(" threads:");
        for (Finding.ThreadPart p : parts) {
            sb.append(" \"").append(p.name).append("\" ").append(p.lock).append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static String key(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        return Arrays.toString(sorted);
    }

    /** The JVM's own detector: monitors and ownable synchronizers, platform threads. */
    private void jvmDeadlocks(List<Finding> out, long nowMillis) {
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null || cycles.contains(key(ids))) {
            return;
        }
        cycles.add(key(ids));
        for (long id : ids) {
            deadlocked.add(id);
        }
        ThreadInfo[] infos = threads.getThreadInfo(ids, true, true);
        Map<Long, Thread> live = liveThreads(ids);
        List<Finding.ThreadPart> parts = new ArrayList<>();
        String site = null;
        List<String> stack = List.of();
        String type = "monitor";
        for (ThreadInfo ti : infos) {
            if (ti == null) {
                continue;
            }
            StringBuilder held = new StringBuilder();
            String acquiredAt = null;
            for (MonitorInfo m : ti.getLockedMonitors()) {
                held.append(held.length() == 0 ? "" : ", ").append(m.getClassName()).append('@')
                        .append(Integer.toHexString(m.getIdentityHashCode()));
                if (acquiredAt == null && m.getLockedStackFrame() != null) {
                    acquiredAt = frame(m.getLockedStackFrame());
                }
            }
            for (LockInfo l : ti.getLockedSynchronizers()) {
                held.append(held.length() == 0 ? "" : ", ").append(l.getClassName()).append('@')
                        .append(Integer.toHexString(l.getIdentityHashCode()));
                HeldLocks.Hold hold = holdByHash(live.get(ti.getThreadId()), l.getIdentityHashCode());
                if (acquiredAt == null) {
                    acquiredAt = acquiredAt(hold);
                }
                type = l.getClassName().contains("ReadWrite") ? "ReentrantReadWriteLock.writeLock" : "ReentrantLock";
            }
            if (site == null && acquiredAt != null && !acquiredAt.startsWith("unknown")) {
                site = acquiredAt;
            }
            parts.add(new Finding.ThreadPart("member", ti.getThreadName(), ti.getThreadState().toString(),
                    "waits for " + ti.getLockName() + " held by \"" + ti.getLockOwnerName() + "\", holds " + held,
                    acquiredAt == null ? "unknown" : acquiredAt, lines(ti.getStackTrace())));
        }
        if (parts.isEmpty()) {
            return;
        }
        if (site == null) {
            site = infos[0] == null ? "unknown" : firstApplicationFrame(infos[0].getStackTrace());
        }
        out.add(new Finding(Finding.Kind.DEADLOCK, "lock", type, site, 1, 0, parts.get(0).name,
                List.of(describe(parts)), stack, nowMillis, "reported", parts));
    }

    private static Map<Long, Thread> liveThreads(long[] ids) {
        Map<Long, Thread> out = new HashMap<>();
        Set<Long> wanted = new HashSet<>();
        for (long id : ids) {
            wanted.add(id);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (wanted.contains(t.getId())) {
                out.put(t.getId(), t);
            }
        }
        return out;
    }

    private static HeldLocks.Hold holdByHash(Thread t, int identityHash) {
        if (t == null) {
            return null;
        }
        for (HeldLocks h : Locks.threads()) {
            if (h.thread() == t) {
                for (HeldLocks.Hold hold : h.snapshot()) {
                    if (System.identityHashCode(hold.sync) == identityHash) {
                        return hold;
                    }
                }
            }
        }
        return null;
    }

    // ---- synchronized blocks ----

    /** Platform threads BLOCKED entering a monitor for longer than lock.wait-timeout. */
    private void monitorWaits(List<Finding> out, long nowMillis) {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 1);
        Set<String> seen = new HashSet<>();
        for (ThreadInfo ti : infos) {
            if (ti == null || ti.getThreadState() != Thread.State.BLOCKED || ti.getLockName() == null) {
                continue;
            }
            String key = ti.getThreadId() + "|" + ti.getLockName();
            seen.add(key);
            long since = blockedSince.computeIfAbsent(key, k -> nowMillis);
            if (nowMillis - since < monitorWaitMillis(ti.getStackTrace()) || blockedReported.contains(key)) {
                continue;
            }
            blockedReported.add(key);
            if (deadlocked.contains(ti.getThreadId())) {
                continue;
            }
            ThreadInfo[] pair = threads.getThreadInfo(new long[] {ti.getThreadId(), ti.getLockOwnerId()}, true, false);
            ThreadInfo waiter = pair[0];
            ThreadInfo owner = pair.length > 1 ? pair[1] : null;
            if (waiter == null || jdkMonitorUser(waiter.getStackTrace())) {
                continue;
            }
            String acquiredAt = "unknown";
            if (owner != null) {
                for (MonitorInfo m : owner.getLockedMonitors()) {
                    if ((m.getClassName() + '@' + Integer.toHexString(m.getIdentityHashCode())).equals(ti.getLockName())
                            && m.getLockedStackFrame() != null) {
                        acquiredAt = frame(m.getLockedStackFrame());
                    }
                }
            }
            List<Finding.ThreadPart> parts = new ArrayList<>();
            parts.add(new Finding.ThreadPart("waiter", waiter.getThreadName(), "BLOCKED", ti.getLockName(), null,
                    lines(waiter.getStackTrace())));
            if (owner != null) {
                parts.add(new Finding.ThreadPart("owner", owner.getThreadName(), owner.getThreadState().toString(),
                        ti.getLockName(), acquiredAt, lines(owner.getStackTrace())));
            }
            String site = acquiredAt.startsWith("unknown") ? firstApplicationFrame(waiter.getStackTrace()) : acquiredAt;
            out.add(new Finding(Finding.Kind.LOCK_WAIT, "lock", "monitor", site, 1, nowMillis - since,
                    waiter.getThreadName(), List.of(ti.getLockName() + " held by thread \"" + ti.getLockOwnerName()
                            + "\", entered at " + acquiredAt), List.of(), nowMillis, "reported", parts));
        }
        blockedSince.keySet().retainAll(seen);
        blockedReported.retainAll(seen);
    }

    /**
     * How long a thread may wait to enter a monitor before it is a finding. A pool or a driver
     * entering its own synchronized code (a pool creating its first connections while other
     * threads queue behind it, a driver serializing use of one connection) waits as long as that
     * work takes, which under load is seconds: that is reported at lock.hold-warn, when it looks
     * stuck, not at lock.wait-timeout. Application code gets lock.wait-timeout.
     */
    private long monitorWaitMillis(StackTraceElement[] top) {
        if (top.length > 0 && startsWithAny(top[0].getClassName(), POOLS_AND_DRIVERS)) {
            return Math.max(waitMillis, holdWarnMillis);
        }
        return waitMillis;
    }

    /** A thread blocked inside the JDK's own synchronized code (its top frame is the JDK's). */
    private static boolean jdkMonitorUser(StackTraceElement[] stack) {
        return stack.length > 0 && startsWithAny(stack[0].getClassName(), JDK);
    }
}

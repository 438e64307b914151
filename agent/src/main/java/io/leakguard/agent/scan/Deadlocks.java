package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deadlocks: cycles through the registered waiters and their locks' owners (virtual threads
 * too), and the JVM's own detector (monitors and ownable synchronizers, platform threads). Each
 * cycle is reported once; its threads' waits are part of it, not findings of their own (see
 * {@link #involves}). Used on the lock watch's thread, under its lock.
 */
final class Deadlocks {
    /** Looked up on the lock watch's thread at first use, not in premain (issue 15). */
    private ThreadMXBean threads;
    /** Deadlock cycles already reported, by their sorted thread ids. */
    private final Set<String> cycles = new HashSet<>();
    /** Threads in a reported deadlock: their blocked waits are that finding, not another. */
    private final Set<Long> deadlocked = new HashSet<>();

    /** Whether this thread is in a reported deadlock. */
    boolean involves(long threadId) {
        return deadlocked.contains(threadId);
    }

    /** Cycles through registered waiters: W waits for a lock owned by O, O waits for one owned by ... W. */
    void ownCycles(List<Finding> out, long nowMillis) {
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
                    LockParts.acquiredAt(hold), LockParts.lines(w.thread.getStackTrace())));
        }
        if (site == null) {
            site = LockWatch.firstApplicationFrame(cycle.get(0).thread.getStackTrace());
        }
        out.add(new Finding(Finding.Kind.DEADLOCK, "lock", LockOwners.type(cycle.get(0).sync, LockOwners.WRITE), site,
                1, 0, ThreadNames.of(cycle.get(0).thread), List.of(LockParts.describe(parts)), stack, nowMillis, "reported",
                parts));
    }

    private static String key(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        return Arrays.toString(sorted);
    }

    /** The JVM's own detector: monitors and ownable synchronizers, platform threads(). */
    void jvmDeadlocks(List<Finding> out, long nowMillis) {
        long[] ids = threads().findDeadlockedThreads();
        if (ids == null || cycles.contains(key(ids))) {
            return;
        }
        cycles.add(key(ids));
        for (long id : ids) {
            deadlocked.add(id);
        }
        ThreadInfo[] infos = threads().getThreadInfo(ids, true, true);
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
                    acquiredAt = LockWatch.frame(m.getLockedStackFrame());
                }
            }
            for (LockInfo l : ti.getLockedSynchronizers()) {
                held.append(held.length() == 0 ? "" : ", ").append(l.getClassName()).append('@')
                        .append(Integer.toHexString(l.getIdentityHashCode()));
                HeldLocks.Hold hold = holdByHash(live.get(ti.getThreadId()), l.getIdentityHashCode());
                if (acquiredAt == null) {
                    acquiredAt = LockParts.acquiredAt(hold);
                }
                type = l.getClassName().contains("ReadWrite") ? "ReentrantReadWriteLock.writeLock" : "ReentrantLock";
            }
            if (site == null && acquiredAt != null && !acquiredAt.startsWith("unknown")) {
                site = acquiredAt;
            }
            parts.add(new Finding.ThreadPart("member", ti.getThreadName(), ti.getThreadState().toString(),
                    "waits for " + ti.getLockName() + " held by \"" + ti.getLockOwnerName() + "\", holds " + held,
                    acquiredAt == null ? "unknown" : acquiredAt, LockParts.lines(ti.getStackTrace())));
        }
        if (parts.isEmpty()) {
            return;
        }
        if (site == null) {
            site = infos[0] == null ? "unknown" : LockWatch.firstApplicationFrame(infos[0].getStackTrace());
        }
        out.add(new Finding(Finding.Kind.DEADLOCK, "lock", type, site, 1, 0, parts.get(0).name,
                List.of(LockParts.describe(parts)), stack, nowMillis, "reported", parts));
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

    private ThreadMXBean threads() {
        if (threads == null) {
            threads = ManagementFactory.getThreadMXBean();
        }
        return threads;
    }
}

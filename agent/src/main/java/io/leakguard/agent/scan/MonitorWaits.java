package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Long waits to enter a {@code synchronized} block, from the JVM's thread information: platform
 * threads BLOCKED on a monitor, with where the owner entered it (its locked-monitor frames). Each
 * wait is reported once. Used on the lock watch's thread, under its lock.
 */
final class MonitorWaits {
    /** Looked up on the lock watch's thread at first use, not in premain (issue 15). */
    private ThreadMXBean threads;
    private final Deadlocks deadlocks;
    /**
     * Threads blocked on a monitor: "id|lock" -> {first seen (ms), the thread's blocked count
     * then}; and those already reported. The count tells one long wait from many short ones: a
     * thread seen BLOCKED on the same monitor at two readings may have entered and left it a
     * thousand times between them (heavy, correct contention on a small synchronized block), and
     * only an unchanged count means it is still the same wait.
     */
    private final Map<String, long[]> blockedSince = new HashMap<>();
    private final Set<String> blockedReported = new HashSet<>();

    MonitorWaits(Deadlocks deadlocks) {
        this.deadlocks = deadlocks;
    }

    /** Platform threads BLOCKED entering a monitor for longer than lock.wait-timeout. */
    void check(List<Finding> out, long nowMillis, long waitMillis, long holdWarnMillis) {
        long[] ids = threads().getAllThreadIds();
        ThreadInfo[] infos = threads().getThreadInfo(ids, 1);
        Set<String> seen = new HashSet<>();
        for (ThreadInfo ti : infos) {
            if (ti == null || ti.getThreadState() != Thread.State.BLOCKED || ti.getLockName() == null) {
                continue;
            }
            String key = ti.getThreadId() + "|" + ti.getLockName();
            seen.add(key);
            long[] wait = blockedSince.get(key);
            if (wait == null || wait[1] != ti.getBlockedCount()) {
                // First seen, or blocked again since the last reading: a new wait, from now.
                wait = new long[] {nowMillis, ti.getBlockedCount()};
                blockedSince.put(key, wait);
                blockedReported.remove(key);
            }
            long since = wait[0];
            if (nowMillis - since < monitorWaitMillis(ti.getStackTrace(), waitMillis, holdWarnMillis)
                    || blockedReported.contains(key)) {
                continue;
            }
            blockedReported.add(key);
            if (deadlocks.involves(ti.getThreadId())) {
                continue;
            }
            ThreadInfo[] pair = threads().getThreadInfo(new long[] {ti.getThreadId(), ti.getLockOwnerId()}, true, false);
            ThreadInfo waiter = pair[0];
            ThreadInfo owner = pair.length > 1 ? pair[1] : null;
            if (waiter == null || LockWatch.jdkMonitorUser(waiter.getStackTrace())
                    || LockWatch.agentCode(waiter.getStackTrace())) {
                continue;
            }
            String acquiredAt = "unknown";
            if (owner != null) {
                for (MonitorInfo m : owner.getLockedMonitors()) {
                    if ((m.getClassName() + '@' + Integer.toHexString(m.getIdentityHashCode())).equals(ti.getLockName())
                            && m.getLockedStackFrame() != null) {
                        acquiredAt = LockWatch.frame(m.getLockedStackFrame());
                    }
                }
            }
            List<Finding.ThreadPart> parts = new ArrayList<>();
            parts.add(new Finding.ThreadPart("waiter", waiter.getThreadName(), "BLOCKED", ti.getLockName(), null,
                    LockParts.lines(waiter.getStackTrace())));
            if (owner != null) {
                parts.add(new Finding.ThreadPart("owner", owner.getThreadName(), owner.getThreadState().toString(),
                        ti.getLockName(), acquiredAt, LockParts.lines(owner.getStackTrace())));
            }
            String site = acquiredAt.startsWith("unknown") ? LockWatch.firstApplicationFrame(waiter.getStackTrace()) : acquiredAt;
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
    private static long monitorWaitMillis(StackTraceElement[] top, long waitMillis, long holdWarnMillis) {
        if (top.length > 0 && LockWatch.poolOrDriverClass(top[0].getClassName())) {
            return Math.max(waitMillis, holdWarnMillis);
        }
        return waitMillis;
    }

    private ThreadMXBean threads() {
        if (threads == null) {
            threads = ManagementFactory.getThreadMXBean();
        }
        return threads;
    }
}

package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.bootstrap.HeldLocks;
import io.leakguard.bootstrap.LockOwners;
import io.leakguard.bootstrap.Locks;
import io.leakguard.bootstrap.ThreadNames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Locks whose owner has terminated: nobody can ever unlock them. Seen in the hold records of an
 * ended thread (here) or by a thread waiting for one ({@link LockWaits}, which asks here whether
 * the owner is confirmed dead and whether the lock was already reported). Each lock is reported
 * once. Used on the lock watch's thread, under its lock.
 */
final class DeadOwners {
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

    /** A new tick of the lock watch begins. */
    void tick() {
        tickCount++;
    }

    /** Whether {@code owner} was already terminated at an earlier tick (see {@link #seenDead}). */
    boolean confirmedDead(Thread owner) {
        Long first = seenDead.putIfAbsent(owner, tickCount);
        return first != null && first < tickCount;
    }

    /** Whether this lock is to be reported now: true the first time only. */
    boolean firstReport(Object sync) {
        return deadReported.put(sync, Boolean.TRUE) == null;
    }

    /**
     * An ended thread's hold records: each lock it still owns is a finding. Its records are
     * forgotten once it is confirmed dead; until then it is looked at again next tick.
     */
    void threadEnded(HeldLocks h, List<Finding> out, long nowMillis, long nowNanos) {
        Thread t = h.thread();
        if (!confirmedDead(t)) {
            return; // looked at again next tick, and forgotten only then
        }
        for (HeldLocks.Hold hold : h.snapshot()) {
            if (hold.kind != LockOwners.READ && LockOwners.owner(hold.sync) == t && firstReport(hold.sync)) {
                out.add(new Finding(Finding.Kind.DEAD_OWNER, "lock", LockOwners.type(hold.sync, hold.kind),
                        hold.site.frame, 1, (nowNanos - hold.sinceNanos) / 1_000_000L, ThreadNames.of(t),
                        List.of(LockOwners.name(hold.sync) + " held by thread \"" + ThreadNames.of(t)
                                + "\" (terminated), acquired at " + LockParts.acquiredAt(hold)),
                        Arrays.asList(hold.site.stack), nowMillis, "reported",
                        List.of(new Finding.ThreadPart("owner", ThreadNames.of(t), "TERMINATED",
                                LockOwners.name(hold.sync), LockParts.acquiredAt(hold), List.of()))));
            }
        }
        Locks.forget(h);
    }
}

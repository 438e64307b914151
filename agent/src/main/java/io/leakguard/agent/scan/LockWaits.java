package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.bootstrap.HeldLocks;
import io.leakguard.bootstrap.LockOwners;
import io.leakguard.bootstrap.LockWait;
import io.leakguard.bootstrap.Locks;
import io.leakguard.bootstrap.ThreadNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Long waits for ReentrantLocks and read/write locks, from the waiters the JDK's slow path
 * registered (platform and virtual threads alike), one finding per lock with the first waiter's
 * stack, the owner's current stack and, when hold tracking has it, where the owner took the lock.
 * A waited-for lock whose owner has terminated is a dead owner instead ({@link DeadOwners}).
 * Used on the lock watch's thread, under its lock.
 */
final class LockWaits {
    private final Deadlocks deadlocks;
    private final DeadOwners deadOwners;

    LockWaits(Deadlocks deadlocks, DeadOwners deadOwners) {
        this.deadlocks = deadlocks;
        this.deadOwners = deadOwners;
    }

    void check(List<Finding> out, long nowMillis, long waitMillis, long holdWarnMillis) {
        long nowNanos = System.nanoTime();
        Map<Object, List<LockWait>> bySync = new LinkedHashMap<>();
        for (LockWait w : Locks.waiters()) {
            if (w.reported || (nowNanos - w.sinceNanos) / 1_000_000L < waitMillis
                    || deadlocks.involves(w.thread.getId())) {
                continue;
            }
            StackTraceElement[] stack = w.thread.getStackTrace();
            String caller = LockWatch.lockCaller(stack);
            if (caller != null && LockWatch.poolOrDriverClass(caller)
                    && (nowNanos - w.sinceNanos) / 1_000_000L < Math.max(waitMillis, holdWarnMillis)) {
                continue; // a pool's or driver's own lock: looked at again, reported past lock.hold-warn
            }
            w.reported = true;
            if (caller == null || LockWatch.jdkClass(caller)) {
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
                    LockOwners.name(sync), null, LockParts.lines(first.thread.getStackTrace())));
            String site;
            String holder;
            if (owner != null) {
                HeldLocks.Hold hold = Locks.holdOf(owner, sync);
                String acquiredAt = LockParts.acquiredAt(hold);
                boolean dead = !owner.isAlive();
                parts.add(new Finding.ThreadPart("owner", ThreadNames.of(owner), dead ? "TERMINATED" : owner.getState().toString(),
                        LockOwners.name(sync), acquiredAt, dead ? List.of() : LockParts.lines(owner.getStackTrace())));
                site = hold != null && hold.siteKnown() ? hold.site.frame : LockWatch.firstApplicationFrame(first.thread.getStackTrace());
                holder = "held by thread \"" + ThreadNames.of(owner) + "\"" + (dead ? " (terminated)" : "") + ", acquired at "
                        + acquiredAt;
                if (dead) {
                    if (!deadOwners.confirmedDead(owner)) {
                        ws.forEach(w -> w.reported = false); // looked at again next tick
                        continue;
                    }
                    if (deadOwners.firstReport(sync)) {
                        out.add(new Finding(Finding.Kind.DEAD_OWNER, "lock", type, site, 1, waited, ThreadNames.of(owner),
                                List.of(LockOwners.name(sync) + " " + holder + "; " + ws.size() + " thread(s) waiting"),
                                hold != null && hold.siteKnown() ? Arrays.asList(hold.site.stack) : List.of(), nowMillis,
                                "reported", parts));
                    }
                    continue;
                }
            } else {
                int readers = LockOwners.readHolds(sync);
                site = LockWatch.firstApplicationFrame(first.thread.getStackTrace());
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
}

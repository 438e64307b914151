package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.bootstrap.HeldLocks;
import io.leakguard.bootstrap.LockOwners;
import io.leakguard.bootstrap.ThreadNames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Locks held longer than lock.hold-warn by a live thread, from the hold records (when hold
 * tracking is on). Each hold is reported once. Used on the lock watch's thread, under its lock.
 */
final class LongHolds {
    /** Long holds already reported: lock -> the hold's start. */
    private final Map<Object, Long> holdsReported = new WeakHashMap<>();

    /** A live thread's holds: each one past {@code holdWarnMillis} and still held is a finding. */
    void check(HeldLocks h, List<Finding> out, long nowMillis, long nowNanos, long holdWarnMillis) {
        Thread t = h.thread();
        for (HeldLocks.Hold hold : h.snapshot()) {
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
                            LockOwners.name(hold.sync), hold.site.frame, LockParts.lines(t.getStackTrace())))));
        }
    }
}

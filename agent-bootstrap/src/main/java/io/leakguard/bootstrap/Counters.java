package io.leakguard.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * Totals since start for the metrics (Prometheus, JMX) that are not kept by the record table
 * itself. Each is bumped where the event happens, which is never the uncontended hot path: a
 * refusal, a timeout applied, a lock wait, a finding. LongAdder: no contention between threads.
 */
public final class Counters {
    public static final LongAdder QUOTA_REFUSALS = new LongAdder();
    public static final LongAdder PRESSURE_REFUSALS = new LongAdder();
    public static final LongAdder TIMEOUTS_APPLIED = new LongAdder();
    public static final LongAdder LOCK_WAITS = new LongAdder();
    public static final LongAdder LOCK_WAIT_NANOS = new LongAdder();
    public static final LongAdder LOCK_TIMEOUTS = new LongAdder();
    public static final LongAdder RECLAIMS = new LongAdder();
    /** Acquisitions past max-tracked: counted, not recorded. */
    public static final LongAdder UNTRACKED = new LongAdder();
    /** Stack walks made to find a site (resources and lock holds), and the time charged for them (SiteBudget). */
    public static final LongAdder SITE_WALKS = new LongAdder();
    public static final LongAdder SITE_WALK_NANOS = new LongAdder();
    /** ci mode: acquisitions that shared an earlier acquisition's trace (see SharedTraces). */
    public static final LongAdder SHARED_STACKS = new LongAdder();

    private Counters() {
    }
}

package io.leakguard.bootstrap;

import java.lang.ref.ReferenceQueue;

/**
 * A JDBC resource's record: a plain record plus what only JDBC needs (the parent link, last use,
 * executions in flight, the quota key), so file records stay small.
 */
final class JdbcRecord extends Record {
    /** The record this one belongs to (a statement's connection, a result set's statement). */
    final JdbcRecord parent;
    /** Last use: a statement created or executed on the connection; 0 = never. */
    volatile long lastUsedNanos;
    /** Connection: statements executing on it right now (never reclaimed while > 0). */
    volatile int executing;
    /** Statement: the application chose its query timeout itself (even 0). */
    boolean timeoutSetByApplication;
    /** The key this connection counts against in the per-user quota, or null. */
    Object quotaKey;

    JdbcRecord(Object resource, int hash, Object description, Site site, AcquisitionTrace trace,
               long acquiredAtNanos, JdbcRecord parent, ReferenceQueue<Object> queue) {
        super(resource, hash, Family.JDBC, description, site, trace, acquiredAtNanos, queue);
        this.parent = parent;
    }

    @Override
    Record parent() {
        return parent;
    }

    @Override
    public boolean isExecuting() {
        return executing > 0;
    }

    @Override
    public String describe() {
        String d = describeWithoutUse();
        long used = lastUsedNanos;
        if (used != 0) {
            d += ", last used " + Math.max(0, (System.nanoTime() - used) / 1_000_000L) + " ms ago";
        }
        return d;
    }
}

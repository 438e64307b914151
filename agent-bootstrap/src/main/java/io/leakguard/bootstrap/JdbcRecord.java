package io.leakguard.bootstrap;

import java.lang.ref.ReferenceQueue;

/**
 * A JDBC resource's record: a plain record plus what only JDBC needs (the parent link, last use,
 * executions in flight, the quota key), so file records stay small.
 */
final class JdbcRecord extends Record {
    /** The record this one belongs to (a statement's connection, a result set's statement). */
    final JdbcRecord parent;
    /**
     * Last use: a statement created or executed on the connection; in enforce mode with
     * connection reclaim also any call on the connection, its statements or its result sets
     * (Clock.now(), written only when it changed, so a tight loop of calls mostly reads); 0 = never.
     */
    volatile long lastUsedNanos;
    /**
     * Connection: a statement executed since acquisition or the last commit(), rollback() or
     * setAutoCommit(true) that returned. Plain: read by the scanner only once the connection has
     * been idle for leak.critical, long after the write is visible.
     */
    boolean work;
    /** Connection: autocommit as the application last set it on this handle: 0 unknown (the pool's default), 1 on, 2 off. */
    byte autoCommit;
    /** Connection: statements executing on it right now (never reclaimed while > 0). */
    volatile int executing;
    /** Statement: the application chose its query timeout itself (even 0). */
    boolean timeoutSetByApplication;
    /** The key this connection counts against in the per-user quota, or null. */
    Object quotaKey;
    /**
     * ci mode, a borrowed connection: the connection its handle wraps innermost (the pool's
     * physical one), weakly, found when it was borrowed. A handle the GC took can no longer be
     * asked anything; this still can (see HandleJudge.releasedBeforeCollected).
     */
    java.lang.ref.WeakReference<Object> innermost;
    /**
     * A test double (a mock) of a connection answered isClosed() with true to whoever asked
     * (JdbcHooks.closedReported): judged closed, since the judge never asks a mock itself.
     */
    volatile boolean saidClosed;
    /** ci mode: that innermost connection was closed or aborted while this handle was out. */
    volatile boolean innermostReleased;
    /**
     * ci mode, a borrowed connection: HandleJudge.closesSoFar() when it was borrowed, so only the
     * closes of untracked connections after the borrow can release it; 0 = not known.
     */
    int closesAfter;
    /**
     * Connection: Clock.now() at the first statement executed since acquisition, setAutoCommit(false),
     * commit() or rollback() (the transaction's start, if autocommit is off); 0 = none since. Volatile
     * and written last: it publishes the three fields below to the scanner ({@link JdbcTransactions}).
     */
    volatile long txStartNanos;
    /** Connection: the statement whose execute started the transaction. */
    JdbcRecord txStatement;
    /** Connection: the line of that execute, walked when autocommit was known off; null = the statement's own site. */
    Site txSite;
    /** Connection, jdbc.capture-sql only: the SQL that started the transaction. */
    String txSql;
    /** Connection: the id of the thread that acquired it (quota.wait: a thread never waits for a slot it holds). */
    long holderThreadId;
    /** Counted in JdbcPolicy.OPEN: 0 no, 1 yes, 2 closed (see JdbcPolicy.startCounting). */
    volatile int counted;

    JdbcRecord(Object resource, int hash, Object description, Site site, AcquisitionTrace trace,
               long acquiredAtNanos, JdbcRecord parent, ReferenceQueue<Object> queue) {
        super(resource, hash, Family.JDBC, description, site, trace, acquiredAtNanos, queue);
        this.parent = parent;
    }

    /**
     * Marks it used at this tick of the coarse clock. A volatile store is a fence: written only
     * when the clock has moved (every few ms), a read otherwise.
     */
    void usedAt(long now) {
        if (lastUsedNanos != now) {
            lastUsedNanos = now;
        }
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

package io.leakguard.bootstrap;

import java.lang.ref.WeakReference;

/** Per-thread state of resource tracking: the re-entrancy depth, the JDBC call depth and the site-capture budget. */
final class ThreadState extends SiteBudget {
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<ThreadState>() {
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }
    };

    /** This thread's state. */
    static ThreadState get() {
        return CURRENT.get();
    }

    /** Non-zero while the tracker (or the agent, on this thread) is at work: nothing it opens is tracked. */
    int depth;
    /**
     * How many JDBC acquisition methods (and pool internals) this thread is inside. Only the
     * outermost acquisition is the application's: a wrapper DataSource calling the pool,
     * a pool calling the driver, a proxy statement calling the driver's are all nested.
     */
    int jdbc;
    /**
     * The record of the JDBC handle this thread last called (enforce mode, use tracking): a loop
     * of calls on one statement (setting parameters, executing) finds its record without a table
     * lookup per call.
     */
    JdbcRecord usedRecord;
    /**
     * The handle this thread last called that is not tracked (a pool proxy's delegate, called
     * inside every proxy call): weakly held, so it is not kept alive; forgotten when this thread
     * acquires it, and trusted for 100 ms only, in case another thread starts tracking it.
     */
    WeakReference<Object> usedMiss;
    long usedMissAt;
    /** The untracked handle remembered before usedMiss (the pool's driver connection, typically). */
    WeakReference<Object> usedMiss2;
    long usedMiss2At;
    /**
     * The JDBC record this thread acquired or looked up last (JdbcTracker's cache: a statement's
     * execute finds the statement just prepared without a table lookup). A closed one is never
     * used (its released flag); the resource itself is only weakly held, by the record.
     */
    JdbcRecord lastJdbc;
    /**
     * Enforce mode: the statement whose execute was just offered the default query timeout; its
     * own setQueryTimeout call (from QueryTimeouts, at the execute hook) is then counted as the default applied,
     * not as the application's choice.
     */
    JdbcRecord timeoutOffered;
    /**
     * The per-user quota key the outermost connect was checked against at its entry (enforce
     * mode with per-user quotas), for the connection it returns: the driver's or DataSource's
     * code may have changed its parameters by its exit, where the hooks read them.
     */
    Object connectQuotaKey;
    /** quota.wait: the slot reserved for this thread's JDBC connect, and for its socket connect, until they finish. */
    QuotaQueue.Waiter jdbcSlot;
    QuotaQueue.Waiter socketSlot;
    /**
     * ci mode: the application's call of a JDBC method this thread is in ({@link CallSites}), 0
     * for none; set and cleared by the woven call site.
     */
    int callSite;
    /**
     * ci mode: the file call site the file open now under way was made from, taken from
     * {@link #callSite} when the open began (so a constructor that threw leaves no mark behind).
     */
    int fileSite;
    /** ci mode: the traces this thread's call sites may share ({@link SharedTraces}). */
    SharedTraces.Table traces;
}

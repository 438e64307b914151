package io.leakguard.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The locks one thread holds, as it took them: a small stack of (lock, since, site, test),
 * pushed by lock() and popped by unlock(). Only kept while hold tracking is on (see
 * {@link Locks}); owned and written by its thread alone. The lock watch reads it from its own
 * thread without synchronisation, so every entry it acts on is checked against the lock's real
 * owner first (a stale or torn read can only make it skip, never invent, a finding). It is
 * also the thread's site-capture budget for locks.
 */
public final class HeldLocks extends SiteBudget {
    final Thread thread;
    Object[] syncs = new Object[4];
    long[] since = new long[4];
    /** Site, {@link SiteCapture#UNSAMPLED}, or null when the JDK itself took the lock. */
    Site[] sites = new Site[4];
    int[] tests = new int[4];
    byte[] kinds = new byte[4];
    volatile int size;
    /** Set while this thread is inside the tracker, so locks the tracker takes are not recorded. */
    boolean busy;
    /**
     * Locks this thread saw the JDK's own code take (a queue's, a stream's internal lock; only the
     * JDK's code reaches those), so their next lock() needs no walk and spends no budget. Weakly
     * held (a lock the JDK drops is still collected), in sets of {@link #JDK_LOCK_WAYS} by
     * identity hash: a queue's two locks taken in turn, next to a stream's, must not push each
     * other out, or every lock() walks again (with one slot per hash that happened in about half
     * the runs of the ci sample's LockSitesTest on Temurin 25, most likely because the thread's
     * identity hashes repeat from run to run). Made on the first such lock; written and read by
     * this thread alone.
     */
    private WeakReference<Object>[] jdkLocks;
    /** One bit per hash (bits 4-9): a lock never remembered (the application's) is passed at one AND. */
    private long jdkLockBits;
    /** Which way of a full set the next remembered lock replaces (round robin). */
    private int jdkLockVictim;
    static final int JDK_LOCK_SETS = 16;
    static final int JDK_LOCK_WAYS = 4;

    HeldLocks(Thread thread) {
        this.thread = thread;
    }

    /** Whether the JDK's own code was seen taking this lock (see {@link #jdkLocks}). */
    boolean knownJdkLock(Object sync) {
        WeakReference<Object>[] t = jdkLocks;
        if (t == null) {
            return false;
        }
        int h = System.identityHashCode(sync);
        if ((jdkLockBits & (1L << (h >>> 4))) == 0) {
            return false;
        }
        int base = (h & (JDK_LOCK_SETS - 1)) * JDK_LOCK_WAYS;
        for (int i = base; i < base + JDK_LOCK_WAYS; i++) {
            WeakReference<Object> w = t[i];
            if (w != null && w.refersTo(sync)) {
                return true;
            }
        }
        return false;
    }

    /** The JDK's code took this lock: into its set, in a free or cleared way, else the next in turn. */
    void rememberJdkLock(Object sync) {
        WeakReference<Object>[] t = jdkLocks;
        if (t == null) {
            @SuppressWarnings("unchecked")
            WeakReference<Object>[] fresh = (WeakReference<Object>[]) new WeakReference<?>[JDK_LOCK_SETS * JDK_LOCK_WAYS];
            t = fresh;
            jdkLocks = t;
        }
        int h = System.identityHashCode(sync);
        int base = (h & (JDK_LOCK_SETS - 1)) * JDK_LOCK_WAYS;
        int slot = -1;
        for (int i = base; i < base + JDK_LOCK_WAYS && slot < 0; i++) {
            if (t[i] == null || t[i].refersTo(null)) {
                slot = i;
            }
        }
        if (slot < 0) {
            slot = base + (jdkLockVictim++ & (JDK_LOCK_WAYS - 1));
        }
        t[slot] = new WeakReference<>(sync);
        jdkLockBits |= 1L << (h >>> 4);
    }

    void push(Object sync, byte kind, long now, Site site, int test) {
        int n = size;
        if (n == syncs.length) {
            int cap = n * 2;
            syncs = Arrays.copyOf(syncs, cap);
            since = Arrays.copyOf(since, cap);
            sites = Arrays.copyOf(sites, cap);
            tests = Arrays.copyOf(tests, cap);
            kinds = Arrays.copyOf(kinds, cap);
        }
        syncs[n] = sync;
        since[n] = now;
        sites[n] = site;
        tests[n] = test;
        kinds[n] = kind;
        size = n + 1;
    }

    /** Removes the innermost hold of this lock (locks are usually released in reverse order). */
    void pop(Object sync) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            if (syncs[i] == sync) {
                int tail = n - 1 - i;
                if (tail > 0) {
                    System.arraycopy(syncs, i + 1, syncs, i, tail);
                    System.arraycopy(since, i + 1, since, i, tail);
                    System.arraycopy(sites, i + 1, sites, i, tail);
                    System.arraycopy(tests, i + 1, tests, i, tail);
                    System.arraycopy(kinds, i + 1, kinds, i, tail);
                }
                syncs[n - 1] = null;
                sites[n - 1] = null;
                size = n - 1;
                return;
            }
        }
    }

    public Thread thread() {
        return thread;
    }

    /**
     * A copy of the outermost hold of each lock this thread holds, for the lock watch. Racy by
     * design; see the class comment.
     */
    public Hold[] snapshot() {
        int n = Math.min(size, syncs.length);
        Object[] s = syncs;
        long[] t = since;
        Site[] st = sites;
        int[] te = tests;
        byte[] k = kinds;
        Hold[] out = new Hold[n];
        int m = 0;
        outer:
        for (int i = 0; i < n && i < s.length && i < t.length && i < st.length && i < te.length && i < k.length; i++) {
            Object sync = s[i];
            if (sync == null) {
                continue;
            }
            for (int j = 0; j < m; j++) {
                if (out[j].sync == sync) {
                    continue outer;
                }
            }
            out[m++] = new Hold(thread, sync, k[i], t[i], st[i], te[i]);
        }
        return Arrays.copyOf(out, m);
    }

    /** One lock held by one thread: what the lock watch and ci mode report. */
    public static final class Hold {
        public final Thread thread;
        public final Object sync;
        public final byte kind;
        public final long sinceNanos;
        /** Null when the JDK took the lock for itself; UNSAMPLED when the budget skipped the walk. */
        public final Site site;
        public final int test;

        Hold(Thread thread, Object sync, byte kind, long sinceNanos, Site site, int test) {
            this.thread = thread;
            this.sync = sync;
            this.kind = kind;
            this.sinceNanos = sinceNanos;
            this.site = site;
            this.test = test;
        }

        /** Whether the walk found the application line that took it. */
        public boolean siteKnown() {
            return site != null && site != SiteCapture.UNSAMPLED;
        }

        public boolean takenByJdk() {
            return site == null;
        }
    }
}

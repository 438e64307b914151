package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * Concurrent identity table of open resources: 64 stripes, each a small chained hash table
 * guarded by its own spin lock. A put or remove holds one stripe for a few nanoseconds, so two
 * threads almost never meet, and nothing is allocated but the record itself (a
 * ConcurrentHashMap would add a node and an identity-key wrapper per resource). The lock is one
 * compare-and-set to take and a plain release store to give back: half the atomic operations of
 * a monitor, which matters on a pool borrow of 120 ns. (No java.util.concurrent.locks here: the
 * agent instruments those.)
 */
public final class RecordTable {
    private static final int STRIPES = 64;

    /**
     * One stripe. Stripes are allocated one after the other, so two threads working on two
     * stripes would write to the same cache line (the lock word, the counters) and slow each other
     * down; the padding longs (laid out before the int and reference fields) and the 16-slot
     * counter arrays (only the first 4 slots used) keep each stripe's hot words on lines of their own.
     */
    private static final class Stripe {
        long p0, p1, p2, p3, p4, p5, p6;
        volatile int locked;
        Record[] buckets = new Record[16];
        int size;
        /** Records added and removed per family, counted under the stripe's lock (no extra sync). */
        final long[] added = new long[16];
        final long[] removed = new long[16];
    }

    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Stripe> LOCK =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Stripe.class, "locked");

    private static void lock(Stripe s) {
        int spins = 0;
        while (!LOCK.compareAndSet(s, 0, 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private static void unlock(Stripe s) {
        LOCK.lazySet(s, 0);
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    public RecordTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    static final int ADDED = 0;
    static final int DUPLICATE = 1;
    static final int FULL = 2;

    /**
     * Most records per stripe: an eighth more than max-tracked / 64, checked under the stripe's
     * lock the add takes anyway, so the bound costs nothing. Identity hashes spread evenly but not
     * perfectly (a million records fill their stripes to within about 3 % of each other): the
     * slack lets max-tracked resources all be recorded, and the table never holds more than
     * max-tracked plus an eighth.
     */
    private static volatile int maxPerStripe = perStripe(1_000_000);

    private static int perStripe(int max) {
        return Math.max(1, (int) Math.ceil(max / (double) STRIPES * 1.125));
    }

    static void maxTracked(int max) {
        maxPerStripe = perStripe(max);
    }

    /** Adds the record unless its resource is already present (constructors chain) or the table is full. */
    int add(Record r) {
        int h = spread(r.hash);
        Stripe s = stripes[h & (STRIPES - 1)];
        lock(s);
        try {
            Record[] b = s.buckets;
            int i = (h >>> 6) & (b.length - 1);
            Object resource = r.get();
            for (Record e = b[i]; e != null; e = e.next) {
                if (e.refersTo(resource)) {
                    return DUPLICATE;
                }
            }
            if (s.size >= maxPerStripe) {
                return FULL;
            }
            r.next = b[i];
            b[i] = r;
            s.added[r.family & 3]++;
            if (++s.size > b.length * 2) {
                resize(s);
            }
            return ADDED;
        } finally {
            unlock(s);
        }
    }

    /** The record of this resource, or null. */
    Record find(Object resource) {
        int h = spread(System.identityHashCode(resource));
        Stripe s = stripes[h & (STRIPES - 1)];
        lock(s);
        try {
            Record[] b = s.buckets;
            for (Record e = b[(h >>> 6) & (b.length - 1)]; e != null; e = e.next) {
                if (e.refersTo(resource)) {
                    return e;
                }
            }
        } finally {
            unlock(s);
        }
        return null;
    }

    /** Removes the record of this resource; returns it, or null if it was not tracked. */
    Record remove(Object resource) {
        int h = spread(System.identityHashCode(resource));
        Stripe s = stripes[h & (STRIPES - 1)];
        lock(s);
        try {
            Record[] b = s.buckets;
            int i = (h >>> 6) & (b.length - 1);
            Record prev = null;
            for (Record e = b[i]; e != null; prev = e, e = e.next) {
                if (e.refersTo(resource)) {
                    unlink(s, i, prev, e);
                    e.released = true;
                    return e;
                }
            }
        } finally {
            unlock(s);
        }
        return null;
    }

    /**
     * Removes this exact record; true if it was present.
     *
     * @param release mark it released (closed, reclaimed, dropped; not collected)
     */
    boolean removeRecord(Record r, boolean release) {
        int h = spread(r.hash);
        Stripe s = stripes[h & (STRIPES - 1)];
        lock(s);
        try {
            Record[] b = s.buckets;
            int i = (h >>> 6) & (b.length - 1);
            Record prev = null;
            for (Record e = b[i]; e != null; prev = e, e = e.next) {
                if (e == r) {
                    unlink(s, i, prev, e);
                    if (release) {
                        e.released = true;
                    }
                    return true;
                }
            }
        } finally {
            unlock(s);
        }
        return false;
    }

    private static void unlink(Stripe s, int i, Record prev, Record e) {
        if (prev == null) {
            s.buckets[i] = e.next;
        } else {
            prev.next = e.next;
        }
        e.next = null;
        s.size--;
        s.removed[e.family & 3]++;
    }

    private static void resize(Stripe s) {
        Record[] old = s.buckets;
        Record[] b = new Record[old.length * 2];
        for (Record head : old) {
            Record e = head;
            while (e != null) {
                Record next = e.next;
                int i = (spread(e.hash) >>> 6) & (b.length - 1);
                e.next = b[i];
                b[i] = e;
                e = next;
            }
        }
        s.buckets = b;
    }

    /** A point-in-time copy of the open records, for the scanner thread. */
    public List<Record> snapshot() {
        List<Record> out = new ArrayList<>();
        for (Stripe s : stripes) {
            lock(s);
            try {
                for (Record head : s.buckets) {
                    for (Record e = head; e != null; e = e.next) {
                        out.add(e);
                    }
                }
            } finally {
                unlock(s);
            }
        }
        return out;
    }

    /** Totals since start, per family: out[0][family] added, out[1][family] removed. */
    public long[][] counts() {
        long[][] out = new long[2][4];
        for (Stripe s : stripes) {
            lock(s);
            try {
                for (int f = 0; f < 4; f++) {
                    out[0][f] += s.added[f];
                    out[1][f] += s.removed[f];
                }
            } finally {
                unlock(s);
            }
        }
        return out;
    }

    public int size() {
        int n = 0;
        for (Stripe s : stripes) {
            lock(s);
            try {
                n += s.size;
            } finally {
                unlock(s);
            }
        }
        return n;
    }
}

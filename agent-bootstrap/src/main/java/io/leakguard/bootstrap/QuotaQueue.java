package io.leakguard.bootstrap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforce mode's bounded wait at a full quota (quota.wait): one line per family of quotas (JDBC
 * connections: {@link JdbcPolicy}; sockets: {@link SocketQuota}), first come first served.
 *
 * <p>An acquisition that meets a full quota queues and parks for up to quota.wait. Every slot
 * given back (the one place a record leaves, {@link Bookkeeping}) hands free slots to the
 * waiters in arrival order, each one whose own quotas now have room; one whose quotas are still
 * full does not hold up a later one that asks for another key (another user, another endpoint).
 * A slot handed over is reserved until that acquisition finishes (counted by then, or failed),
 * so a second waiter or a newcomer cannot take the same slot in between; a newcomer goes ahead
 * only when, after every waiter that fits was served, its own quotas still have room.
 *
 * <p>Never a deadlock: a thread that holds a slot of the quota it meets full (it acquired one
 * and has not given it back) is refused at once, as with quota.wait=0, instead of waiting: it
 * could be waiting for itself, and N threads that each hold one slot and wait for a second one
 * is the classic pool deadlock. Every wait ends at quota.wait anyway.
 *
 * <p>Cost: nothing while quota.wait is 0 (as before: refuse at once). With it on, while nobody
 * waits and nothing is reserved, one volatile read more per acquisition and per release; the
 * lock and the queue only once a quota is full.
 */
final class QuotaQueue {
    /** The quotas this line stands for, as the policy owning them counts them. */
    interface Quotas {
        /** Whether one more acquisition for key would pass a quota, counting the slots reserved. */
        boolean full(Object key, int reservedTotal, int reservedForKey);

        /** Today's refusal message for key (the quota and its top holders). */
        String refusal(Object key);

        /** Whether this thread holds a slot of the quota that is full for key (see the class comment). */
        boolean holdsSlot(Object key, long threadId, int reservedTotal, Object except);
    }

    /** A thread in line or holding a reserved slot. */
    static final class Waiter {
        final Thread thread;
        final Object key;
        final long sinceNanos;
        /** Where it waits: its first application frame. */
        final String site;
        volatile boolean admitted;

        Waiter(Thread thread, Object key, long sinceNanos, String site) {
            this.thread = thread;
            this.key = key;
            this.sinceNanos = sinceNanos;
            this.site = site;
        }
    }

    /** "jdbc" or "socket": the family in reports and metrics. */
    final String family;
    /** Which of the thread's two reservations is this line's (a JDBC connect opens a socket inside). */
    private final boolean jdbc;
    private final Quotas quotas;
    private volatile long waitMillis;
    /** Guarded by this. */
    private final ArrayDeque<Waiter> line = new ArrayDeque<>();
    private final Map<Object, Integer> reservedPerKey = new HashMap<>();
    /** line.size() and the reserved slots, readable without the lock (hot-path gates, gauges). */
    private volatile int waiting;
    private volatile int reserved;
    /** Threads that had to wait, and of them those refused at the end. */
    final LongAdder waits = new LongAdder();
    final LongAdder refusedAfterWait = new LongAdder();

    QuotaQueue(String family, Quotas quotas) {
        this.family = family;
        this.jdbc = family.equals("jdbc");
        this.quotas = quotas;
    }

    void waitMillis(long millis) {
        waitMillis = Math.max(0, millis);
    }

    /** quota.wait is on: a full quota means waiting in line, not an at-once refusal. */
    boolean waits() {
        return waitMillis > 0;
    }

    int waiting() {
        return waiting;
    }

    /**
     * Before an acquisition that a quota counts: null to go ahead (a slot may now be reserved for
     * this thread, kept in its ThreadState until {@link #done}), or the refusal message, after
     * waiting up to quota.wait when that is on. {@code except} is the resource being acquired if it
     * is already counted itself (a channel tracked at open, connected now).
     */
    String admit(ThreadState g, Object key, Object except) {
        done(g); // a reservation whose acquisition never reported back (it cannot be this one's)
        long wait = waitMillis;
        if (wait <= 0) {
            return quotas.full(key, 0, 0) ? quotas.refusal(key) : null;
        }
        if (waiting == 0 && reserved == 0 && !quotas.full(key, 0, 0)) {
            return null;
        }
        Thread me = Thread.currentThread();
        long t0 = System.nanoTime();
        // A walk of the open records: outside the lock, which every release of a slot takes while
        // someone waits. Judged a moment early; a thread's own holdings do not change meanwhile.
        boolean holds = quotas.holdsSlot(key, me.getId(), reserved, except);
        Waiter w = new Waiter(me, key, t0, holds ? null : siteOf());
        synchronized (this) {
            serve();
            if (!quotas.full(key, reserved, reservedFor(key))) {
                reserve(w);
                hold(g, w);
                return null;
            }
            if (!holds) {
                line.addLast(w);
                waiting = line.size();
            }
        }
        if (holds) {
            return quotas.refusal(key) + " Not waiting for quota.wait: this thread holds a slot of this quota "
                    + "itself, and could be waiting for its own slot.";
        }
        waits.increment();
        long deadline = t0 + wait * 1_000_000L;
        while (!w.admitted && !me.isInterrupted()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        int inLine;
        synchronized (this) {
            // A slot may have come back after this wait ended and before its release served the
            // line: served now, in arrival order (this waiter is still in it).
            serve();
            if (w.admitted) {
                hold(g, w);
                waiting = line.size();
                return null;
            }
            inLine = line.size();
            line.remove(w);
            waiting = line.size();
        }
        refusedAfterWait.increment();
        long waited = (System.nanoTime() - t0) / 1_000_000L;
        return quotas.refusal(key) + " Waited " + waited + " ms (quota.wait=" + wait + " ms)"
                + (me.isInterrupted() ? ", interrupted," : "") + " with " + inLine + (inLine == 1 ? " thread" : " threads")
                + " waiting, this one included.";
    }

    /** A slot of these quotas was given back: serve the line. One volatile read while nobody waits. */
    void released() {
        if (waiting != 0) {
            synchronized (this) {
                serve();
            }
        }
    }

    /**
     * The acquisition that held this reservation finished: counted by now if it succeeded, so
     * the reservation goes; if it failed, its slot is free for the line.
     */
    void done(ThreadState g) {
        Waiter w = jdbc ? g.jdbcSlot : g.socketSlot;
        if (w == null) {
            return;
        }
        hold(g, null);
        synchronized (this) {
            Integer n = reservedPerKey.get(w.key);
            if (n != null) {
                if (n <= 1) {
                    reservedPerKey.remove(w.key);
                } else {
                    reservedPerKey.put(w.key, n - 1);
                }
            }
            reserved = Math.max(0, reserved - 1);
            serve();
        }
    }

    private void hold(ThreadState g, Waiter w) {
        if (jdbc) {
            g.jdbcSlot = w;
        } else {
            g.socketSlot = w;
        }
    }

    /** Whether a slot is reserved right now: the gate on the acquisition's way out. */
    boolean anyReserved() {
        return reserved != 0;
    }

    /** Under the lock: every waiter, in arrival order, whose quotas now have room gets a slot. */
    private void serve() {
        if (line.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = line.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (!quotas.full(w.key, reserved, reservedFor(w.key))) {
                it.remove();
                reserve(w);
                w.admitted = true;
                LockSupport.unpark(w.thread);
            }
        }
        waiting = line.size();
    }

    private void reserve(Waiter w) {
        reserved++;
        if (w.key != null) {
            reservedPerKey.merge(w.key, 1, Integer::sum);
        }
    }

    private int reservedFor(Object key) {
        Integer n = key == null ? null : reservedPerKey.get(key);
        return n == null ? 0 : n;
    }

    private static String siteOf() {
        try {
            Site s = SiteCapture.firstApplicationSite(false);
            return s == null ? "(no application frame)" : s.frame;
        } catch (Throwable t) {
            return "(unknown)";
        }
    }

    /** The threads waiting now, for the live report: "thread T waiting 350 ms at SITE for KEY". */
    synchronized List<String> describeWaiters(long nowNanos) {
        List<String> out = new ArrayList<>(line.size());
        for (Waiter w : line) {
            out.add(family + ": thread " + ThreadNames.of(w.thread) + " waiting " + Math.max(0, (nowNanos - w.sinceNanos) / 1_000_000L)
                    + " ms at " + w.site + (w.key instanceof String ? " for " + w.key : ""));
        }
        return out;
    }
}

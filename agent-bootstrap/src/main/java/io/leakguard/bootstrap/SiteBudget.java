package io.leakguard.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The time budget for site-capture walks, shared by resources ({@link ThreadState}) and lock
 * holds ({@link HeldLocks}), which extend it so the hot path reads its own fields with no extra
 * indirection.
 *
 * <p>Monitor mode spends at most site.budget percent of a thread's time walking stacks (default
 * 5 %), with a burst of 50 ms: a program that opens a few thousand resources at once gets every
 * site; a hot loop opening resources as fast as it can gets a sample of them, which still names
 * any site that leaks repeatedly.
 *
 * <p>And at most site.budget percent of the machine: the per-thread budget is earned on the wall
 * clock, so with more busy threads than cores it added up past the machine (64 threads on 2
 * cores each earned 5 % of the wall clock, 160 % of the machine, plus a 50 ms burst each; a
 * HikariCP borrow ran 27 times slower in monitor mode, nearly every one walked). So a walk also
 * needs the process-wide budget, earned at site.budget percent of the wall clock per core.
 * Two exceptions, so that busy threads never starve the ones that matter of their sites: a thread
 * that has lived a second without walking (an acquisition at a human pace; at most one walk a
 * second for each such thread, for its resources and one for its locks), and the caller's own
 * say-so (ci mode: a test's own thread taking a lock, see Locks).
 */
abstract class SiteBudget {
    static final long BURST_NANOS = 50_000_000L;
    /**
     * The most one walk is charged. A walk costs microseconds; one that took longer was
     * descheduled (a loaded CI machine) or loaded StackWalker's classes on the thread's first
     * walk: charging that wall time would spend the whole burst on one walk and leave the sites
     * that follow unsampled, which made findings depend on the machine's load.
     */
    static final long MAX_CHARGE_NANOS = 1_000_000L;
    /**
     * A thread that has not walked for this long may walk whatever the process-wide budget says.
     * Counted from the thread's first acquisition, not its start: a thread per task (a virtual
     * thread per request) never lives that long, and its walks are all the process's to ration.
     */
    static final long IDLE_NANOS = 1_000_000_000L;

    /** site.budget, 1 to 100. */
    private static volatile long percent = 5;
    /**
     * 100 / site.budget, rounded up: bounds the time credited at once (enough to refill the
     * burst); 0 = no budget. The rate itself is exact ({@link #reciprocal}): site.budget=60 earns
     * 60 %, where a whole divisor made it 100 %.
     */
    private static volatile long divisor = 20;
    /**
     * 2^24 * site.budget / 100: the time earned is elapsed * this >>> 24, a multiplication where a
     * 64-bit division took 15-30 ns of every acquisition (x86 idiv).
     */
    private static volatile long reciprocal = reciprocalOf(5);

    /**
     * The cores the process-wide budget is earned for: a container's limit, as the JVM sees it,
     * read again once a second by the clock thread ({@link #cpus(long)}), so a container whose
     * limit is changed while it runs (an in-place resize) walks within its new share.
     */
    private static volatile long cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
    /**
     * Nanoseconds of walking the process may still spend; refilled once per tick of the coarse
     * clock. Never below minus the burst: the exceptions above still charge it, and a debt
     * without a floor could keep the busy threads from walking for good.
     */
    private static final AtomicLong SHARED = new AtomicLong(BURST_NANOS * cpus);
    /** Clock.now() when SHARED was last refilled; advanced by the one thread whose compare-and-set wins. */
    private static final AtomicLong SHARED_REFILLED_AT = new AtomicLong(Clock.now());

    /** Nanoseconds of stack walking this thread may still spend. */
    long budget = BURST_NANOS;
    long lastNanos = Clock.now();
    /** When this thread last walked, or was first seen. */
    long lastWalkNanos = lastNanos;
    /**
     * The tick at which the process-wide budget last said no to this thread: it is not asked
     * again before the coarse clock moves (a thread whose own budget stays full would otherwise
     * read the shared words on every acquisition).
     */
    long sharedDeniedAt = lastNanos - 1;

    /** site.budget, in percent of a thread's time; 100 or more walks every time. */
    static void percent(int siteBudgetPercent) {
        long p = Math.max(1, Math.min(100, siteBudgetPercent));
        reciprocal = reciprocalOf(p);
        percent = p;
        divisor = p >= 100 ? 0 : (100 + p - 1) / p;
    }

    /** Rounded up, so that a whole multiple of 100 / percent earns exactly its share. */
    private static long reciprocalOf(long percent) {
        return ((1L << 24) * percent + 99) / 100;
    }

    /** 0 when walks are not rationed (site.budget=100); otherwise 100 / site.budget, rounded up. */
    static long divisor() {
        return divisor;
    }

    /**
     * Credits the time since the last walk (at site.budget percent) and says whether a walk may
     * run now; if it says yes, the caller walks and reports the time with {@link #spent}.
     *
     * @param ownOnly the thread's own budget decides alone (not the process's)
     */
    final boolean mayWalk(long now, long divisor, boolean ownOnly) {
        // Time past what refills the budget to the burst earns nothing: capping there first keeps
        // the product below 2^61 (the room itself bounded, in case a walk was charged minutes).
        long room = Math.min(BURST_NANOS - budget, 1L << 36);
        long elapsed = Math.min(now - lastNanos, room * divisor);
        lastNanos = now;
        budget = Math.min(BURST_NANOS, budget + ((elapsed * reciprocal) >> 24));
        if (budget <= 0) {
            return false;
        }
        if (!ownOnly && now - lastWalkNanos < IDLE_NANOS) {
            // Read only where this thread's own budget allows a walk, and at most once a tick
            // after a no: two reads of words written once a tick and once a walk.
            if (now == sharedDeniedAt || !sharedAllows(now)) {
                sharedDeniedAt = now;
                return false;
            }
        }
        lastWalkNanos = now;
        return true;
    }

    /** {@link #mayWalk(long, long, boolean)} under the process-wide budget too. */
    final boolean mayWalk(long now, long divisor) {
        return mayWalk(now, divisor, false);
    }

    /** A walk took this long (the caller caps it at {@link #MAX_CHARGE_NANOS}). */
    final void spent(long nanos) {
        budget -= nanos;
        long before;
        do {
            before = SHARED.get();
        } while (!SHARED.compareAndSet(before, Math.max(-BURST_NANOS * cpus, before - nanos)));
        Counters.SITE_WALKS.increment();
        Counters.SITE_WALK_NANOS.add(nanos);
    }

    /** Whether the process may walk now; refills the process-wide budget for the time since the last refill. */
    private static boolean sharedAllows(long now) {
        long last = SHARED_REFILLED_AT.get();
        long elapsed = now - last;
        if (elapsed > 0 && SHARED_REFILLED_AT.compareAndSet(last, now)) {
            // Once a tick of the coarse clock, by one thread: a division is affordable here.
            // The process-wide burst is BURST_NANOS a core: the threads' own bursts together never
            // exceed one per core. One read of the cores for both.
            long c = cpus;
            long burst = BURST_NANOS * c;
            long earned = Math.min(elapsed, 2 * burst * 100) * percent / 100 * c;
            long before;
            do {
                before = SHARED.get();
            } while (!SHARED.compareAndSet(before, Math.min(burst, before + earned)));
        }
        return SHARED.get() > 0;
    }

    /**
     * The cores the JVM sees now (the clock thread, once a second). A budget saved for more cores
     * than are left is cut to the new burst at once; fewer cores earn less from the next refill on.
     * (A refill racing with the cut can put back at most the old burst for one tick.)
     */
    static void cpus(long availableProcessors) {
        long n = Math.max(1, availableProcessors);
        if (n != cpus) {
            cpus = n;
            long burst = BURST_NANOS * n;
            long before;
            do {
                before = SHARED.get();
            } while (before > burst && !SHARED.compareAndSet(before, burst));
        }
    }

    /** Tests only: the process-wide budget full again. */
    static void refillShared() {
        SHARED.set(BURST_NANOS * cpus);
        SHARED_REFILLED_AT.set(Clock.now());
    }

    /** The cores the process-wide budget is earned for. */
    static long cpus() {
        return cpus;
    }
}

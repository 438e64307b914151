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
 * needs the process-wide budget, earned at site.budget percent of the wall clock per core, except
 * for a thread that has not walked for {@link #IDLE_NANOS}: busy threads cannot starve one that
 * acquires at a human pace of its sites, and that exception costs each thread one walk a second.
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
    /** A thread that has not walked for this long may walk whatever the process-wide budget says. */
    static final long IDLE_NANOS = 1_000_000_000L;

    /** 100 / site.budget: a thread earns one nanosecond of walking per this many; 0 = no budget. */
    private static volatile long divisor = 20;
    /**
     * 2^24 / divisor: the time earned is elapsed * this >>> 24, a multiplication where a 64-bit
     * division by the divisor took 15-30 ns of every acquisition (x86 idiv).
     */
    private static volatile long reciprocal = reciprocalOf(20);

    /** The cores the process-wide budget is earned for (a container's limit, as the JVM sees it). */
    private static final long CPUS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** The process-wide burst: the threads' own bursts together never exceed one per core. */
    private static final long SHARED_BURST_NANOS = BURST_NANOS * CPUS;
    /** Nanoseconds of walking the process may still spend; refilled once per tick of the coarse clock. */
    private static final AtomicLong SHARED = new AtomicLong(SHARED_BURST_NANOS);
    /** Clock.now() when SHARED was last refilled; advanced by the one thread whose compare-and-set wins. */
    private static final AtomicLong SHARED_REFILLED_AT = new AtomicLong(Clock.now());

    /** Nanoseconds of stack walking this thread may still spend. */
    long budget = BURST_NANOS;
    long lastNanos = Clock.now();
    /** When this thread last walked (as if long ago for a new thread: its first acquisition gets its site). */
    long lastWalkNanos = lastNanos - IDLE_NANOS;

    /** site.budget, in percent of a thread's time; 100 or more walks every time. */
    static void percent(int siteBudgetPercent) {
        long d = siteBudgetPercent >= 100 ? 0 : Math.max(1, 100 / Math.max(1, siteBudgetPercent));
        reciprocal = reciprocalOf(d);
        divisor = d;
    }

    /** Rounded up, so that a whole multiple of the divisor earns exactly its quotient. */
    private static long reciprocalOf(long d) {
        return d == 0 ? 0 : ((1L << 24) + d - 1) / d;
    }

    /** The current divisor; 0 when walks are not rationed. */
    static long divisor() {
        return divisor;
    }

    /**
     * Credits the time since the last walk (at 1/divisor) and says whether a walk may run now; if
     * it says yes, the caller walks and reports the time with {@link #spent}.
     */
    final boolean mayWalk(long now, long divisor) {
        // Time past what refills the budget to the burst earns nothing: capping there first keeps
        // the product below 2^61 (the room itself bounded, in case a walk was charged minutes).
        long room = Math.min(BURST_NANOS - budget, 1L << 36);
        long elapsed = Math.min(now - lastNanos, room * divisor);
        lastNanos = now;
        budget = Math.min(BURST_NANOS, budget + ((elapsed * reciprocal) >> 24));
        if (budget <= 0) {
            return false;
        }
        // The process-wide budget is read only here, where this thread's own would allow a walk
        // (one acquisition in tens in a hot loop): two reads of shared words, written once a tick
        // and once a walk.
        if (now - lastWalkNanos < IDLE_NANOS && !sharedAllows(now, divisor)) {
            return false;
        }
        lastWalkNanos = now;
        return true;
    }

    /** A walk took this long (the caller caps it at {@link #MAX_CHARGE_NANOS}). */
    final void spent(long nanos) {
        budget -= nanos;
        SHARED.addAndGet(-nanos);
        Counters.SITE_WALKS.increment();
        Counters.SITE_WALK_NANOS.add(nanos);
    }

    /** Whether the process may walk now; refills the process-wide budget for the time since the last refill. */
    private static boolean sharedAllows(long now, long divisor) {
        long last = SHARED_REFILLED_AT.get();
        long elapsed = now - last;
        if (elapsed > 0 && SHARED_REFILLED_AT.compareAndSet(last, now)) {
            // Once a tick of the coarse clock, by one thread: a division is affordable here.
            long earned = Math.min(elapsed, SHARED_BURST_NANOS * divisor) / divisor * CPUS;
            long before;
            do {
                before = SHARED.get();
            } while (!SHARED.compareAndSet(before, Math.min(SHARED_BURST_NANOS, before + earned)));
        }
        return SHARED.get() > 0;
    }

    /** Tests only: the process-wide budget full again, as at start. */
    static void refillShared() {
        SHARED.set(SHARED_BURST_NANOS);
        SHARED_REFILLED_AT.set(Clock.now());
    }

    /** Tests only: the cores the process-wide budget is earned for. */
    static long cpus() {
        return CPUS;
    }
}

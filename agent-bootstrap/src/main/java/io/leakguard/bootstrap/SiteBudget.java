package io.leakguard.bootstrap;

/**
 * The per-thread time budget for site-capture walks, shared by resources ({@link ThreadState})
 * and lock holds ({@link HeldLocks}), which extend it so the hot path reads its own fields with
 * no extra indirection.
 *
 * <p>Monitor mode spends at most site.budget percent of a thread's time walking stacks (default
 * 5 %), with a burst of 50 ms: a program that opens a few thousand resources at once gets every
 * site; a hot loop opening resources as fast as it can gets a sample of them, which still names
 * any site that leaks repeatedly.
 */
abstract class SiteBudget {
    static final long BURST_NANOS = 50_000_000L;

    /** 100 / site.budget: a thread earns one nanosecond of walking per this many; 0 = no budget. */
    private static volatile long divisor = 20;
    /**
     * 2^24 / divisor: the time earned is elapsed * this >>> 24, a multiplication where a 64-bit
     * division by the divisor took 15-30 ns of every acquisition (x86 idiv).
     */
    private static volatile long reciprocal = reciprocalOf(20);

    /** Nanoseconds of stack walking this thread may still spend. */
    long budget = BURST_NANOS;
    long lastNanos = Clock.now();

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

    /** Credits the time since the last walk (at 1/divisor) and says whether a walk may run now. */
    final boolean mayWalk(long now, long divisor) {
        // Time past what refills the budget to the burst earns nothing: capping there first keeps
        // the product below 2^61 (the room itself bounded, in case a walk was charged minutes).
        long room = Math.min(BURST_NANOS - budget, 1L << 36);
        long elapsed = Math.min(now - lastNanos, room * divisor);
        lastNanos = now;
        budget = Math.min(BURST_NANOS, budget + ((elapsed * reciprocal) >> 24));
        return budget > 0;
    }

    /** A walk took this long. */
    final void spent(long nanos) {
        budget -= nanos;
    }
}

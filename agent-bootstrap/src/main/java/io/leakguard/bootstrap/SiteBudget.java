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

    /** Nanoseconds of stack walking this thread may still spend. */
    long budget = BURST_NANOS;
    long lastNanos = Clock.now();

    /** site.budget, in percent of a thread's time; 100 or more walks every time. */
    static void percent(int siteBudgetPercent) {
        divisor = siteBudgetPercent >= 100 ? 0 : Math.max(1, 100 / Math.max(1, siteBudgetPercent));
    }

    /** The current divisor; 0 when walks are not rationed. */
    static long divisor() {
        return divisor;
    }

    /** Credits the time since the last walk (at 1/divisor) and says whether a walk may run now. */
    final boolean mayWalk(long now, long divisor) {
        long earned = (now - lastNanos) / divisor;
        lastNanos = now;
        budget = Math.min(BURST_NANOS, budget + earned);
        return budget > 0;
    }

    /** A walk took this long. */
    final void spent(long nanos) {
        budget -= nanos;
    }
}

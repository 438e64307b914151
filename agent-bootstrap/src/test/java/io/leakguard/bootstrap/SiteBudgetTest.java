package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** site.budget: the share of a thread's time stack walks may take, for resources and locks alike. */
class SiteBudgetTest {
    private static final class Budget extends SiteBudget {
    }

    @BeforeEach
    @AfterEach
    void restore() {
        SiteBudget.percent(5);
        SiteBudget.cpus(Runtime.getRuntime().availableProcessors());
        SiteBudget.refillShared();
    }

    @Test
    void thePercentBecomesADivisor() {
        SiteBudget.percent(5);
        assertEquals(20, SiteBudget.divisor());
        SiteBudget.percent(50);
        assertEquals(2, SiteBudget.divisor());
        SiteBudget.percent(1);
        assertEquals(100, SiteBudget.divisor());
        SiteBudget.percent(100);
        assertEquals(0, SiteBudget.divisor(), "100 %: every acquisition walks");
    }

    @Test
    void aBurstThenOneNanosecondPerDivisorNanoseconds() {
        Budget b = new Budget();
        long t = b.lastNanos;
        assertTrue(b.mayWalk(t, 20), "a new thread starts with the burst");
        b.spent(SiteBudget.BURST_NANOS + 1_000_000); // 1 ms over
        assertFalse(b.mayWalk(t, 20));
        // 1 ms owed at 1/20: 20 ms of the thread's time pays it back, and one more nanosecond is earned after.
        assertFalse(b.mayWalk(t + 20_000_000, 20));
        assertTrue(b.mayWalk(t + 20_000_020, 20));
    }

    @Test
    void theBudgetNeverSavesMoreThanTheBurst() {
        Budget b = new Budget();
        long t = b.lastNanos;
        assertTrue(b.mayWalk(t + 3_600_000_000_000L, 20)); // an hour idle
        b.spent(SiteBudget.BURST_NANOS);
        assertFalse(b.mayWalk(t + 3_600_000_000_000L, 20));
    }

    @Test
    void busyThreadsTogetherGetNoMoreThanTheBudgetOfEachCore() {
        long t = Clock.now();
        // The threads' own bursts add up past the process's: each has 50 ms, the process has 50 ms a core.
        long cpus = SiteBudget.cpus();
        Budget[] threads = busyThreads((int) cpus * 4, t);
        long walked = walkWhileAllowed(threads, t);
        assertEquals(SiteBudget.BURST_NANOS * cpus, walked, "the process-wide burst, not one burst per thread");
        // One second later: each core earned 50 ms of walking (5 %), whichever threads spend it.
        long more = walkWhileAllowed(threads, t + 1_000_000_000L - 1);
        assertTrue(more >= 49_000_000L * cpus && more <= 51_000_000L * cpus, "walked " + more + " ns on " + cpus + " cores");
    }

    /** n threads' budgets that last walked at t: busy, not idle. */
    private static Budget[] busyThreads(int n, long t) {
        Budget[] threads = new Budget[n];
        for (int i = 0; i < n; i++) {
            threads[i] = new Budget();
            threads[i].lastNanos = t;
            threads[i].lastWalkNanos = t;
        }
        return threads;
    }

    /** Busy threads (walked just now, not idle) walking 1 ms at a time at t, as long as the budget lets them. */
    private static long walkWhileAllowed(Budget[] threads, long t) {
        long walked = 0;
        for (int round = 0; round < 100; round++) {
            for (Budget b : threads) {
                if (b.mayWalk(t, 20)) {
                    b.spent(1_000_000);
                    walked += 1_000_000;
                }
            }
        }
        return walked;
    }

    @Test
    void aContainerLeftWithFewerCoresWalksWithinTheirShareFromThenOn() {
        SiteBudget.cpus(4);
        SiteBudget.refillShared(); // four cores' burst saved
        SiteBudget.cpus(1); // the limit cut to one core while the process runs (what the clock thread reads)
        long t = Clock.now();
        Budget[] threads = busyThreads(16, t);
        assertEquals(SiteBudget.BURST_NANOS, walkWhileAllowed(threads, t), "the saved budget cut to one core's burst");
        long more = walkWhileAllowed(threads, t + 1_000_000_000L - 1);
        assertTrue(more >= 49_000_000L && more <= 51_000_000L, "one core earns 50 ms a second: walked " + more + " ns");
        SiteBudget.cpus(2);
        long two = walkWhileAllowed(threads, t + 2_000_000_000L - 1);
        assertTrue(two >= 99_000_000L && two <= 101_000_000L, "two cores earn 100 ms a second: walked " + two + " ns");
    }

    @Test
    void aThreadThatHasNotWalkedForASecondWalksEvenWhenBusyThreadsSpentTheRest() {
        long t = Clock.now();
        Budget busy = new Budget();
        busy.lastNanos = t;
        busy.lastWalkNanos = t;
        busy.spent(SiteBudget.BURST_NANOS * SiteBudget.cpus()); // the process's budget gone (and its own)
        Budget human = new Budget();
        human.lastNanos = t;
        human.lastWalkNanos = t - SiteBudget.IDLE_NANOS;
        assertTrue(human.mayWalk(t, 20), "an acquisition at a human pace gets its site");
        human.spent(2_000);
        assertFalse(human.mayWalk(t, 20), "its next one, right after, waits for the process's budget");
    }

    /** The process's budget spent by busy threads (and its debt at the floor). */
    private static void drainShared(long t) {
        Budget busy = new Budget();
        busy.lastNanos = t;
        busy.spent(3 * SiteBudget.BURST_NANOS * SiteBudget.cpus());
    }

    @Test
    void aNewThreadIsNotIdleItsWalksAreTheProcesssToRation() {
        long t = Clock.now();
        drainShared(t);
        Budget fresh = new Budget(); // a thread per task: it never lives a second
        assertFalse(fresh.mayWalk(fresh.lastNanos, 20));
        assertTrue(fresh.mayWalk(fresh.lastNanos, 20, true), "unless the caller says its own budget decides");
    }

    @Test
    void theDebtHasAFloorAndIsPaidBackAtTheBudgetOfEachCore() {
        long t = Clock.now();
        drainShared(t); // charged three bursts: owed one at most
        Budget b = new Budget();
        b.lastNanos = t;
        b.lastWalkNanos = t + 500_000_000L; // walked half a second in: never idle below
        // From minus one burst to above zero: 20 ms of each core's time per millisecond owed, at 5 %.
        assertFalse(b.mayWalk(t + 1, 20));
        assertFalse(b.mayWalk(t + 999_000_000L, 20), "a second pays back 50 ms a core: not quite the whole debt");
        assertTrue(b.mayWalk(t + 1_001_000_000L, 20));
    }

    @Test
    void aThreadTheProcessSaidNoToAsksAgainOnlyWhenTheClockMoves() {
        long t = Clock.now();
        drainShared(t);
        Budget b = new Budget();
        b.lastNanos = t;
        b.lastWalkNanos = t;
        assertFalse(b.mayWalk(t, 20));
        SiteBudget.refillShared();
        assertFalse(b.mayWalk(t, 20), "the same tick: not asked again");
        assertTrue(b.mayWalk(t + 5_000_000L, 20));
    }

    @Test
    void aPercentThatDoesNotDivideAHundredEarnsExactlyThatShare() {
        SiteBudget.percent(60);
        assertEquals(2, SiteBudget.divisor());
        Budget b = new Budget();
        long t = b.lastNanos;
        b.lastWalkNanos = t - SiteBudget.IDLE_NANOS;
        b.spent(SiteBudget.BURST_NANOS + 6_000_000); // 6 ms over
        assertFalse(b.mayWalk(t + 9_999_000L, SiteBudget.divisor()), "at 60 %, 10 ms earn 6 ms (a whole divisor made it 100 %)");
        assertTrue(b.mayWalk(t + 10_001_000L, SiteBudget.divisor()));
    }
}

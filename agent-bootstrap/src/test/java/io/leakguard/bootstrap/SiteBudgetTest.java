package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** site.budget: the share of a thread's time stack walks may take, for resources and locks alike. */
class SiteBudgetTest {
    private static final class Budget extends SiteBudget {
    }

    @AfterEach
    void restore() {
        SiteBudget.percent(5);
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
}

package io.leakguard.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportThrottleTest {
    @Test
    void reportsFirstSightingThenEachDoubling() {
        ReportThrottle t = new ReportThrottle();
        List<Integer> reported = new ArrayList<>();
        for (int count = 1; count <= 20; count++) {
            if (t.due("definite|file|A.b(A.java:1)", count, false)) {
                reported.add(count);
            }
        }
        assertEquals(List.of(1, 2, 4, 8, 16), reported);
    }

    @Test
    void doublingIsMeasuredFromTheLastReportNotFromOne() {
        ReportThrottle t = new ReportThrottle();
        assertTrue(t.due("k", 3, false));
        assertFalse(t.due("k", 5, false));
        assertTrue(t.due("k", 6, false));
        assertFalse(t.due("k", 11, false));
        assertTrue(t.due("k", 40, false), "a jump past double is reported at once");
    }

    @Test
    void keysAreIndependent() {
        ReportThrottle t = new ReportThrottle();
        assertTrue(t.due("a", 1, false));
        assertTrue(t.due("b", 1, false));
        assertFalse(t.due("a", 1, false));
    }

    @Test
    void forceAlwaysReportsAndResetsTheBase() {
        ReportThrottle t = new ReportThrottle();
        assertTrue(t.due("k", 4, false));
        assertTrue(t.due("k", 5, true), "the exit summary and deadlocks are always reported");
        assertFalse(t.due("k", 9, false), "the forced report counts as the last one: 9 < 2 * 5");
        assertTrue(t.due("k", 10, false));
    }

    @Test
    void unchangedCountIsNotReportedAgain() {
        ReportThrottle t = new ReportThrottle();
        assertTrue(t.due("k", 7, false));
        assertFalse(t.due("k", 7, false));
    }
}

package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned grace's rules, in-process (the end-to-end proof is CiModeTest's, through a real
 * Surefire build): a path is proven by full waits only, and one on which anything was ever
 * closed during a grace is never shortened.
 */
class CiGraceTest {
    private static Record record(int family) {
        Object resource = new Object();
        return new Record(resource, System.identityHashCode(resource), family, "r", SiteCapture.UNSAMPLED, null,
                Clock.now(), null);
    }

    @Test
    void provenByThreeFullWaitsThenShortNeverWhenOnceClosedLate() {
        // A type of its own per path: the unsampled site has no stack, so the type is the path here.
        Record leaks = record(Family.FILE);
        for (int i = 0; i < CiGrace.PROVEN; i++) {
            assertEquals(200, CiGrace.millisFor(List.of(leaks), 200, null), "wait " + i + " is the full grace");
            CiGrace.learn(List.of(leaks), List.of(leaks), true, null);
        }
        assertEquals(CiGrace.SHORT_MILLIS, CiGrace.millisFor(List.of(leaks), 200, null));
        assertEquals(10, CiGrace.millisFor(List.of(leaks), 10, null), "never longer than ci.grace");

        Record closesLate = record(Family.SOCKET);
        for (int i = 0; i < CiGrace.PROVEN + 2; i++) {
            CiGrace.learn(List.of(closesLate), List.of(closesLate), i != 0, null);
        }
        CiGrace.learn(List.of(closesLate), List.of(), false, null); // closed during a (short) wait
        CiGrace.learn(List.of(closesLate), List.of(closesLate), true, null);
        assertEquals(200, CiGrace.millisFor(List.of(closesLate), 200, null), "closed late once: the full grace from then on");
        assertEquals(200, CiGrace.millisFor(List.of(leaks, closesLate), 200, null), "every leak's path must be proven");
    }
}

package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The learned grace's rules, in-process (the end-to-end proof is CiModeTest's, through a real
 * Surefire build): a path is proven by resources that failed their tests after the full grace; one
 * on which anything was closed during a grace, or whose proof was closed later, is never
 * shortened; a resource without the test class's line is never learned.
 */
class CiGraceTest {
    private static final String TEST = "sample.SomeTest";

    @BeforeEach
    void forget() {
        CiGrace.reset();
    }

    private static Record record(String... lines) {
        Object resource = new Object();
        return new Record(resource, System.identityHashCode(resource), Family.FILE, "r", new Site(lines[0], lines), null,
                Clock.now(), null);
    }

    private static Record at(int line) {
        return record("java.base/java.io.FileInputStream.<init>(FileInputStream.java:159)",
                "sample.SomeTest.leaks(SomeTest.java:" + line + ")",
                "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
                "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:728)");
    }

    /** One full-grace judgement of a test that failed for r. */
    private static void failedAfterTheFullGrace(Record r) {
        CiGrace.learn(List.of(r), List.of(r), List.of(r), true, TEST);
    }

    @Test
    void provenByThreeFailuresAfterTheFullGrace() {
        for (int i = 0; i < CiGrace.PROVEN; i++) {
            Record r = at(10);
            assertEquals(200, CiGrace.millisFor(List.of(r), 200, TEST), "wait " + i + " is the full grace");
            failedAfterTheFullGrace(r);
        }
        assertEquals(CiGrace.SHORT_MILLIS, CiGrace.millisFor(List.of(at(10)), 200, TEST));
        assertEquals(10, CiGrace.millisFor(List.of(at(10)), 10, TEST), "never longer than ci.grace");
        assertEquals(200, CiGrace.millisFor(List.of(at(10), at(11)), 200, TEST), "every leak's path must be proven");
        assertEquals(200, CiGrace.millisFor(List.of(at(10)), 200, "sample.OtherTest"), "another test class, another path");
    }

    @Test
    void aCloseDuringAGraceOrAProofClosedLaterKeepsTheFullGrace() {
        for (int i = 0; i < CiGrace.PROVEN + 2; i++) {
            Record r = at(20);
            CiGrace.learn(List.of(r), List.of(r), List.of(r), i != 0, TEST);
        }
        Record late = at(20);
        CiGrace.learn(List.of(late), List.of(), List.of(), false, TEST); // closed during a (short) wait
        failedAfterTheFullGrace(at(20));
        assertEquals(200, CiGrace.millisFor(List.of(at(20)), 200, TEST), "closed during a grace once: the full grace from then on");

        Record[] proof = new Record[CiGrace.PROVEN];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = at(30);
            failedAfterTheFullGrace(proof[i]);
        }
        assertEquals(CiGrace.SHORT_MILLIS, CiGrace.millisFor(List.of(at(30)), 200, TEST));
        proof[1].released = true; // an @AfterAll closed it, long after its test failed
        assertEquals(200, CiGrace.millisFor(List.of(at(30)), 200, TEST), "its proof was closed after all");
        for (int i = 0; i < CiGrace.PROVEN; i++) {
            failedAfterTheFullGrace(at(30));
        }
        assertEquals(200, CiGrace.millisFor(List.of(at(30)), 200, TEST), "and it stays so");
    }

    @Test
    void onlyResourcesThatFailedTheirTestProveAPath() {
        for (int i = 0; i < CiGrace.PROVEN; i++) {
            Record r = at(40);
            CiGrace.learn(List.of(r), List.of(r), List.of(), true, TEST); // its test passed in the end (a thread closed it)
        }
        assertEquals(200, CiGrace.millisFor(List.of(at(40)), 200, TEST));
    }

    @Test
    void aResourceWithoutTheTestClassesLineIsNeverLearned() {
        Record helperThread = record("java.base/java.io.FileInputStream.<init>(FileInputStream.java:159)",
                "org.example.Server.accept(Server.java:12)", "java.base/java.lang.Thread.run(Thread.java:840)");
        assertNull(CiGrace.key(helperThread, TEST));
        assertNull(CiGrace.key(at(50), null));
        assertNull(CiGrace.key(record("(site not sampled)"), TEST));
        for (int i = 0; i < CiGrace.PROVEN; i++) {
            failedAfterTheFullGrace(helperThread);
        }
        assertEquals(200, CiGrace.millisFor(List.of(helperThread), 200, TEST));
    }
}

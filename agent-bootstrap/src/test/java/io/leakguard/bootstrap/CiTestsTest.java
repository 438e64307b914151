package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A test's judgement, in-process (the end-to-end proof is CiPrecisionTest's, through a real
 * Surefire build): here, what it sees of the records the GC took.
 */
class CiTestsTest {
    @AfterEach
    void restore() {
        OpenRecords.listen(new Bookkeeping());
        CiTests.configure(new CiSettings());
    }

    /**
     * The scanner takes a collected record out of the table, then its bookkeeping puts it in ci
     * mode's list of the GC's finds. A judgement between the two saw it in neither, and the test
     * that leaked it passed. Here the move stops in its middle until the judgement is over.
     */
    @Test
    void aRecordOnItsWayFromTheTableToTheCollectedQueueIsStillJudged() throws Exception {
        CiSettings s = new CiSettings();
        s.enabled = true;
        s.graceMillis = 0;
        s.threadWaitMillis = 0;
        CiTests.configure(s);
        CountDownLatch inTheMiddle = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Bookkeeping bookkeeping = new Bookkeeping();
        OpenRecords.listen((r, cause) -> {
            if (cause == OpenRecords.Cause.COLLECTED) {
                inTheMiddle.countDown();
                try {
                    goOn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            bookkeeping.left(r, cause);
        });
        Record[] record = new Record[1];
        // Built before the test starts: it works for no test.
        Thread scanner = new Thread(() -> OpenRecords.remove(record[0], OpenRecords.Cause.COLLECTED));

        int id = CiTests.testStarted(CiTestsTest.class.getName());
        Object resource = new Object();
        record[0] = new Record(resource, System.identityHashCode(resource), Family.FILE, "leaked.txt",
                SiteCapture.UNSAMPLED, null, Clock.now(), OpenRecords.queue());
        assertTrue(OpenRecords.add(record[0]) == OpenRecords.ADDED);
        scanner.start();
        try {
            assertTrue(inTheMiddle.await(10, TimeUnit.SECONDS), "the move began");
            assertNull(OpenRecords.find(resource), "out of the table");

            String verdict = CiTests.testFinished(id);
            assertNotNull(verdict, "the test leaked leaked.txt and passed");
            assertTrue(verdict.contains("leaked.txt"), verdict);
        } finally {
            goOn.countDown();
            scanner.join(10_000);
        }
    }
}

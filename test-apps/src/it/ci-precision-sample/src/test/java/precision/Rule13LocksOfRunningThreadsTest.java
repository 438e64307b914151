package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 13, locks and the threads that hold them (found on jsoup's suite). A thread the test
 * started that a static structure keeps (a shared server started by whichever test first needs
 * it) is that structure's, and so is the lock it holds while it runs: the tests using the server
 * pass. A lock the test's own thread still holds, or that a thread the test left running holds,
 * fails it; and when a helper takes the lock for every test, each failure shows its own test's
 * lines, never the first test's.
 */
class Rule13LocksOfRunningThreadsTest {
    @AfterAll
    static void stopStrays() throws Exception {
        Strays.stopAll();
    }

    @Test
    void mustPassStartsTheSharedServer() throws Exception {
        assertEquals("pong", SharedServer.get().ask());
    }

    @Test
    void mustPassUsesTheSharedServer() throws Exception {
        assertEquals("pong", SharedServer.get().ask());
    }

    @Test
    void mustFailLeaksALockThroughAHelper() {
        Ledger.open(new ReentrantLock());                                      // leak: stack
    }

    @Test
    void mustFailLeaksAnotherLockThroughTheSameHelper() {
        Ledger.open(new ReentrantLock());                                      // leak: stack
    }

    @Test
    void mustFailLeavesAThreadRunningThatHoldsALock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            lock.lock();                                                       // leak: site
            held.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stopped) {
                lock.unlock();
            }
        }, "rule13-stray");
        Strays.THREADS.add(t);
        t.start();
        held.await();
    }
}

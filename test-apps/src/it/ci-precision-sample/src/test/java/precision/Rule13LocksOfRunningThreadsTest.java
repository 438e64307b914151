package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 13, locks and the threads that hold them (found on jsoup's suite). A thread the test
 * started that a static structure keeps (a shared server started by whichever test first needs
 * it, in a field or as the JDK's wrapper of an executor) is that structure's, and so is the lock
 * it holds while it runs: the tests using the server pass. A lock the test's own thread still
 * holds, that a thread the test left running holds, or that the class's own executor's worker
 * kept after running the test's task, fails it; and when a helper takes the lock for every test,
 * each failure shows its own test's lines, never the first test's.
 */
class Rule13LocksOfRunningThreadsTest {
    /** The class's executor, made before any test: its worker works for whichever test first gave it a task. */
    private static ExecutorService classPool;

    @BeforeAll
    static void startClassPool() {
        classPool = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stopStrays() throws Exception {
        Strays.stopAll();
        classPool.shutdownNow();
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
    void mustPassStartsASharedWorkerKeptAsTheJdksWrapper() throws Exception {
        assertEquals("done", SharedWorker.get().submit(() -> "done").get(10, TimeUnit.SECONDS));
    }

    @Test
    void mustFailATaskOnTheClassesExecutorKeepsALock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        classPool.submit(() -> lock.lock()).get(10, TimeUnit.SECONDS);           // leak: site
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
    void mustFailAHelperStartsAThreadAndListsItInAStaticRegistry() {
        Strays.start("rule13-listed");                                         // leak: stack
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

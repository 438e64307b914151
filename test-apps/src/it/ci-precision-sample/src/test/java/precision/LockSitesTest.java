package precision;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A test's own lock leak keeps its line however many locks the JDK took for the test first. A
 * test that loops over a JDK queue makes the queue's code take its two internal locks hundreds of
 * thousands of times; each lock() once cost a walk of the stack to see that the JDK took it, the
 * walks spent the test thread's whole site budget, and the lock the test then leaked got no line,
 * so the test passed. A lock the JDK's code was seen taking is no longer walked again; a lock the
 * JDK's code takes by running the test's method reference is the test's.
 */
class LockSitesTest {
    private static final int QUEUE_ROUNDS = 200_000;

    @Test
    void mustFailLeaksALockAfterLoopingOverAJdkQueue() {
        loopOverAQueue();
        ReentrantLock lock = new ReentrantLock();
        lock.lock();                                                           // leak: site
    }

    @Test
    void mustPassLoopsOverAJdkQueueAndUnlocksItsOwnLock() {
        loopOverAQueue();
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        lock.unlock();
    }

    @Test
    void mustFailLeaksALockTakenThroughAMethodReference() {
        ReentrantLock lock = new ReentrantLock();
        List.of(lock).forEach(Lock::lock);                                     // leak: site
    }

    @Test
    void mustFailTakesALockThroughAMethodReferenceThenLeaksIt() {
        // The JDK's forEach runs the test's method reference: the lock is the test's, never to be
        // remembered as the JDK's (its next lock() would not be walked, and the leak not seen).
        ReentrantLock lock = new ReentrantLock();
        List.of(lock).forEach(Lock::lock);
        lock.unlock();
        lock.lock();                                                           // leak: site
    }

    private static void loopOverAQueue() {
        LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
        for (int i = 0; i < QUEUE_ROUNDS; i++) {
            q.offer(i);
            q.poll();
        }
    }
}

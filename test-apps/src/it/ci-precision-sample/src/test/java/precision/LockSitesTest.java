package precision;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A test's own lock leak keeps its line however many locks the JDK took for the test first. A
 * test that loops over a JDK queue makes the queue's code take its two internal locks hundreds of
 * thousands of times; each lock() once cost a walk of the stack to see that the JDK took it, the
 * walks spent the test thread's whole site budget, and the lock the test then leaked got no line,
 * so the test passed. A lock the JDK's code was seen taking is no longer walked again.
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

    private static void loopOverAQueue() {
        LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
        for (int i = 0; i < QUEUE_ROUNDS; i++) {
            q.offer(i);
            q.poll();
        }
    }
}

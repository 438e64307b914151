package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow path of every lock, shared by AbstractQueuedSynchronizer (int state) and
 * AbstractQueuedLongSynchronizer (long state): the six-argument acquire(Node, arg, shared,
 * interruptible, timed, time) is where a thread queues and parks because the lock is taken
 * (lock(), lockInterruptibly(), tryLock(timeout), both halves of a read/write lock, and taking
 * the lock back after Condition.await()). Entering it registers a waiter; leaving it (acquired,
 * timed out, interrupted) removes it. Latches, semaphores and other synchronizers share the
 * method and pass through after a class check in Locks.
 *
 * <p>Enforce with lock.on-timeout=throw: acquire(arg) and acquireShared(arg), the contended
 * entries of lock() and of the read/write lock() calls, are bounded to lock.wait-timeout. The
 * entry hook then acquires itself and skips the original wait-forever, or throws.
 */
final class QueuedAcquire {
    private QueuedAcquire() {
    }

    /**
     * @param synchronizer the internal name, java/util/concurrent/locks/AbstractQueued(Long)Synchronizer
     * @param arg "I" or "J", the type of the state
     * @param bounded whether lock.on-timeout=throw is configured: only then are acquire(arg) and
     *     acquireShared(arg) woven, since the read lock's uncontended path passes through
     *     acquireShared and should not pay for a check it never needs
     */
    static List<MethodHooks> forState(String synchronizer, String arg, boolean bounded) {
        String sync = "(Ljava/lang/Object;)V";
        List<MethodHooks> m = new ArrayList<>();
        m.add(MethodHooks.method("acquire", "(L" + synchronizer + "$Node;" + arg + "ZZZJ)I",
                Hook.enter("lockWaitBegins", sync, Value.THIS),
                Hook.exit("lockWaitEnds", sync, Value.THIS),
                Hook.thrown("lockWaitEnds", sync, Value.THIS)));
        if (bounded) {
            m.add(MethodHooks.method("acquire", "(" + arg + ")V",
                    Hook.skipWhenTrue("lockAcquireWithin", "(Ljava/lang/Object;" + arg + ")Z", Value.THIS, Value.arg(0))));
            m.add(MethodHooks.method("acquireShared", "(" + arg + ")V",
                    Hook.skipWhenTrue("lockAcquireSharedWithin", "(Ljava/lang/Object;" + arg + ")Z", Value.THIS, Value.arg(0))));
        }
        return m;
    }
}

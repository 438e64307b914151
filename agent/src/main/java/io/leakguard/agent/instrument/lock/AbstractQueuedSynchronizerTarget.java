package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * java.util.concurrent.locks.AbstractQueuedSynchronizer: the slow path of ReentrantLock (and, up to
 * JDK 23, of ReentrantReadWriteLock); see {@link QueuedAcquire}.
 */
public final class AbstractQueuedSynchronizerTarget implements JdkTarget {
    private final boolean bounded;

    /** @param bounded lock.on-timeout=throw in enforce mode: bound the contended waits of lock() */
    public AbstractQueuedSynchronizerTarget(boolean bounded) {
        this.bounded = bounded;
    }

    @Override
    public String typeName() {
        return "java.util.concurrent.locks.AbstractQueuedSynchronizer";
    }

    @Override
    public List<MethodHooks> methods() {
        return QueuedAcquire.forState("java/util/concurrent/locks/AbstractQueuedSynchronizer", "I", bounded);
    }
}

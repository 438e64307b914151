package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * java.util.concurrent.locks.AbstractQueuedLongSynchronizer: since JDK 24 the synchronizer of
 * ReentrantReadWriteLock (more than 65535 read holds); see {@link QueuedAcquire}.
 */
public final class AbstractQueuedLongSynchronizerTarget implements JdkTarget {
    private final boolean bounded;

    /** @param bounded lock.on-timeout=throw in enforce mode: bound the contended waits of lock() */
    public AbstractQueuedLongSynchronizerTarget(boolean bounded) {
        this.bounded = bounded;
    }

    @Override
    public String typeName() {
        return "java.util.concurrent.locks.AbstractQueuedLongSynchronizer";
    }

    @Override
    public List<MethodHooks> methods() {
        return QueuedAcquire.forState("java/util/concurrent/locks/AbstractQueuedLongSynchronizer", "J", bounded);
    }
}

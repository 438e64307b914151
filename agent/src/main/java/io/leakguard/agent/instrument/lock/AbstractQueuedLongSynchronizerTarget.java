package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.util.concurrent.locks.AbstractQueuedLongSynchronizer: since JDK 24 the synchronizer of
 * ReentrantReadWriteLock (more than 65535 read holds); see {@link QueuedAcquireAdvice}.
 */
public final class AbstractQueuedLongSynchronizerTarget implements Target {
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
    public AsmVisitorWrapper advice() {
        return QueuedAcquireAdvice.forState(long.class, bounded);
    }
}

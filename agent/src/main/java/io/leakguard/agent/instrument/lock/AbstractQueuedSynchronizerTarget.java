package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.util.concurrent.locks.AbstractQueuedSynchronizer: the slow path of ReentrantLock (and, up to
 * JDK 23, of ReentrantReadWriteLock); see {@link QueuedAcquireAdvice}.
 */
public final class AbstractQueuedSynchronizerTarget implements Target {
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
    public AsmVisitorWrapper advice() {
        return QueuedAcquireAdvice.forState(int.class, bounded);
    }
}

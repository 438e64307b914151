package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.LockOwners;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.util.concurrent.locks.ReentrantLock: lock(), lockInterruptibly(), tryLock() and
 * tryLock(timeout) hold it, unlock() lets go ({@link LockApiAdvice}). Waits are seen in
 * {@link AbstractQueuedSynchronizerTarget}.
 */
public final class ReentrantLockTarget implements Target {
    @Override
    public String typeName() {
        return "java.util.concurrent.locks.ReentrantLock";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return LockApiAdvice.forKind(LockOwners.REENTRANT);
    }
}

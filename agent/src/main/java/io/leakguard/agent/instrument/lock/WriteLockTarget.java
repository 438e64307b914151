package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.LockOwners;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The write half of java.util.concurrent.locks.ReentrantReadWriteLock ({@link LockApiAdvice}):
 * exclusive, so it has one owner.
 */
public final class WriteLockTarget implements Target {
    @Override
    public String typeName() {
        return "java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return LockApiAdvice.forKind(LockOwners.WRITE);
    }
}

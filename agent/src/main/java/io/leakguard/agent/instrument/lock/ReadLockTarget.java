package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.LockOwners;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The read half of java.util.concurrent.locks.ReentrantReadWriteLock ({@link LockApiAdvice}),
 * recorded as a read hold: many threads may hold it at once, so it has no single owner.
 */
public final class ReadLockTarget implements Target {
    @Override
    public String typeName() {
        return "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return LockApiAdvice.forKind(LockOwners.READ);
    }
}

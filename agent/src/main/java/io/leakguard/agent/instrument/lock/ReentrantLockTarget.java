package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;
import io.leakguard.bootstrap.LockOwners;

/**
 * java.util.concurrent.locks.ReentrantLock: lock(), lockInterruptibly(), tryLock() and
 * tryLock(timeout) hold it, unlock() lets go ({@link LockApi}). Waits are seen in
 * {@link AbstractQueuedSynchronizerTarget}.
 */
public final class ReentrantLockTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.util.concurrent.locks.ReentrantLock";
    }

    @Override
    public List<MethodHooks> methods() {
        return LockApi.forKind(LockOwners.REENTRANT);
    }
}

package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;
import io.leakguard.bootstrap.LockOwners;

/**
 * The read half of java.util.concurrent.locks.ReentrantReadWriteLock ({@link LockApi}),
 * recorded as a read hold: many threads may hold it at once, so it has no single owner.
 */
public final class ReadLockTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock";
    }

    @Override
    public List<MethodHooks> methods() {
        return LockApi.forKind(LockOwners.READ);
    }
}

package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;
import io.leakguard.bootstrap.LockOwners;

/**
 * The write half of java.util.concurrent.locks.ReentrantReadWriteLock ({@link LockApi}):
 * exclusive, so it has one owner.
 */
public final class WriteLockTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock";
    }

    @Override
    public List<MethodHooks> methods() {
        return LockApi.forKind(LockOwners.WRITE);
    }
}

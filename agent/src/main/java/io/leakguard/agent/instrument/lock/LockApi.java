package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * The hooks shared by the three lock APIs (ReentrantLock and the read and write halves of a
 * ReentrantReadWriteLock): each holds its synchronizer in a field named {@code sync}, and all
 * have lock(), lockInterruptibly(), tryLock(), tryLock(timeout) and unlock(). The kind of hold is
 * a constant per target. lock() and lockInterruptibly() have exit hooks only: they run when the
 * lock was acquired. With hold tracking off each hook is one volatile read inside Locks.
 */
final class LockApi {
    private LockApi() {
    }

    /** @param kind LockOwners.REENTRANT, READ or WRITE */
    static List<MethodHooks> forKind(byte kind) {
        Value sync = Value.field("sync");
        Hook locked = Hook.exit("lockAcquired", "(Ljava/lang/Object;B)V", sync, Value.constant((int) kind));
        Hook tried = Hook.exit("lockTried", "(ZLjava/lang/Object;B)V", Value.RETURNED, sync, Value.constant((int) kind));
        return List.of(
                MethodHooks.method("lock", "()V", locked),
                MethodHooks.method("lockInterruptibly", "()V", locked),
                MethodHooks.method("tryLock", "()Z", tried),
                MethodHooks.method("tryLock", "(JLjava/util/concurrent/TimeUnit;)Z", tried),
                MethodHooks.method("unlock", "()V", Hook.exit("lockReleased", "(Ljava/lang/Object;)V", sync)));
    }
}

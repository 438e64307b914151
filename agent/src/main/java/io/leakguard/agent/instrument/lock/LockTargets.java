package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.weave.JdkTarget;
import java.util.List;

/** The lock family's targets. */
public final class LockTargets {
    private LockTargets() {
    }

    /** @param boundedWaits enforce mode with lock.on-timeout=throw */
    public static List<JdkTarget> all(boolean boundedWaits) {
        return List.of(new ReentrantLockTarget(), new ReadLockTarget(), new WriteLockTarget(),
                new AbstractQueuedSynchronizerTarget(boundedWaits), new AbstractQueuedLongSynchronizerTarget(boundedWaits));
    }
}

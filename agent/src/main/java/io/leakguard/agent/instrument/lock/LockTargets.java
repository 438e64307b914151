package io.leakguard.agent.instrument.lock;

import io.leakguard.agent.instrument.Target;
import java.util.List;

/** The lock family's targets. */
public final class LockTargets {
    private LockTargets() {
    }

    public static List<Target> all() {
        return List.of(new ReentrantLockTarget(), new ReadLockTarget(), new WriteLockTarget(),
                new AbstractQueuedSynchronizerTarget(), new AbstractQueuedLongSynchronizerTarget());
    }
}

package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Shared exit advice for the method that releases a resource (close(), implCloseChannel(), ...).
 * Runs on normal and exceptional exit alike: a close() that throws has still given the
 * descriptor back in every JDK implementation we instrument.
 */
public final class ReleaseAdvice {
    private ReleaseAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self) {
        Tracker.released(self);
    }
}

package io.leakguard.agent.instrument.jdbc;

import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * A call on a statement or result set: its connection is in use. Enforce mode's reclaim takes
 * back only connections nobody touched for leak.critical; in monitor mode this is one volatile
 * read.
 */
final class UseAdvice {
    private UseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object self) {
        Tracker.jdbcUsed(self);
    }
}

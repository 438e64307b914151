package io.leakguard.agent.instrument.jdbc;

import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Marks a pool's own connection-making code as a JDBC scope: connections and statements created
 * inside it are nested, so they are the pool's, never reported as the application's leaks.
 */
final class JdbcScopeAdvice {
    private JdbcScopeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        Tracker.jdbcEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit() {
        Tracker.jdbcExit();
    }
}

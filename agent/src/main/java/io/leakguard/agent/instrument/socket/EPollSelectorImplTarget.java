package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * sun.nio.ch.EPollSelectorImpl, what Selector.open() returns on Linux (an epoll descriptor and a
 * wake-up pipe); released by implClose().
 */
public final class EPollSelectorImplTarget implements Target {
    @Override
    public String typeName() {
        return "sun.nio.ch.EPollSelectorImpl";
    }

    @Override
    public boolean appliesToRuntime() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(Open.class).on(isConstructor()),
                Advice.to(ReleaseAdvice.class).on(named("implClose")));
    }

    static final class Open {
        private Open() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Tracker.socketOpened(self, "selector", null);
        }
    }
}

package io.leakguard.agent.instrument.ci;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.CiTests;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * JUnit 4 (run by itself or through JUnit 5's vintage engine): ParentRunner.runLeaf wraps each
 * test method in an EachTestNotifier, calling fireTestStarted() before the test (with its
 * befores and afters) and fireTestFinished() after it, whatever happened. What the test left
 * open by then is added to that test as a failure through the notifier's own addFailure, so
 * JUnit reports it against the test, before the test is reported finished. Reflection on the
 * notifier: JUnit 4 is the application's class, never on the agent's class path.
 */
public final class JUnit4EachTestNotifierTarget implements Target {
    @Override
    public String typeName() {
        return "org.junit.internal.runners.model.EachTestNotifier";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Started.class).on(named("fireTestStarted").and(takesNoArguments())),
                Advices.to(Finished.class).on(named("fireTestFinished").and(takesNoArguments())));
    }

    static final class Started {
        private Started() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object notifier) {
            CiTests.junit4TestStarted(notifier);
        }
    }

    static final class Finished {
        private Finished() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object notifier) {
            CiTests.junit4TestFinished(notifier);
        }
    }
}

package io.leakguard.agent.instrument.ci;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.CiTests;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * JUnit Jupiter's TestMethodTestDescriptor (and so @ParameterizedTest and @RepeatedTest
 * invocations): {@code execute} runs the before-each callbacks, the test and the after-each
 * callbacks. What the test acquired and did not release by then fails it: the exit advice
 * throws an AssertionError, which Jupiter records as that test's failure. No dependency, no
 * annotation, no listener in the user's build.
 */
public final class JupiterTestMethodTarget implements Target {
    @Override
    public String typeName() {
        return "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advices.to(Execute.class).on(named("execute").and(takesArguments(2)));
    }

    static final class Execute {
        private Execute() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.This Object descriptor) {
            return CiTests.jupiterTestStarted(descriptor);
        }

        /** Not suppressed: the AssertionError is the point. CiTests itself never throws. */
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter int test, @Advice.Thrown Throwable thrown) {
            String leaked = CiTests.testFinished(test);
            if (leaked != null && thrown == null) {
                throw new AssertionError(leaked);
            }
        }
    }
}

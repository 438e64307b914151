package io.leakguard.agent.instrument.ci;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.ClassOwned;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * JUnit Jupiter's ClassBasedTestDescriptor (a test class, top-level or @Nested): {@code before}
 * runs its @BeforeAll methods, {@code after} its @AfterAll methods. Between the two the class
 * is running, so a fixture one of its tests leaves in a static field is deferred to the class
 * (see ClassOwned); after @AfterAll, what is still open of those fails the class: the exit
 * advice throws an AssertionError, which Jupiter records as the class's failure. The bridge
 * methods (taking the platform's EngineExecutionContext) call the real ones: not advised, or
 * the advice would run twice.
 */
public final class JupiterClassTarget implements Target {
    @Override
    public String typeName() {
        return "org.junit.jupiter.engine.descriptor.ClassBasedTestDescriptor";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Before.class).on(named("before").and(takesArguments(1)).and(not(isBridge()))),
                Advices.to(After.class).on(named("after").and(takesArguments(1)).and(not(isBridge()))));
    }

    static final class Before {
        private Before() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object descriptor) {
            ClassOwned.classStarted(descriptor);
        }
    }

    static final class After {
        private After() {
        }

        /** Not suppressed: the AssertionError is the point. ClassOwned itself never throws. */
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Object descriptor, @Advice.Thrown Throwable thrown) {
            String leaked = ClassOwned.classFinished(descriptor);
            if (leaked != null) {
                if (thrown != null) {
                    thrown.addSuppressed(new AssertionError(leaked));
                } else {
                    throw new AssertionError(leaked);
                }
            }
        }
    }
}

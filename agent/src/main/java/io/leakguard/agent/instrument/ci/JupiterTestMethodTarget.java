package io.leakguard.agent.instrument.ci;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * JUnit Jupiter's TestMethodTestDescriptor (and so @ParameterizedTest and @RepeatedTest
 * invocations): {@code execute} runs the before-each callbacks, the test and the after-each
 * callbacks. What the test acquired and did not release by then fails it: the exit hook throws an
 * AssertionError, which Jupiter records as that test's failure; a test that failed already is
 * judged but not failed twice. No dependency, no annotation, no listener in the user's build.
 * Matched by name and parameter count: the execution context's type moves between Jupiter
 * versions (the bridge method taking the platform's context is never woven).
 */
public final class JupiterTestMethodTarget implements AppTarget {
    private static final String CI_HOOKS = "io/leakguard/bootstrap/CiHooks";

    @Override
    public String typeName() {
        return "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(MethodHooks.method("execute", 2,
                Hook.enter("jupiterTestStarted", "(Ljava/lang/Object;)V", Value.THIS).on(CI_HOOKS),
                // The execution context too: a test whose own failure Jupiter collected (execute
                // then returns normally) is judged but not failed by leakguard's message.
                Hook.exit("jupiterTestEnded", "(Ljava/lang/Object;Ljava/lang/Object;)V", Value.THIS, Value.argObject(0))
                        .on(CI_HOOKS),
                Hook.thrown("jupiterTestFailed", "(Ljava/lang/Throwable;Ljava/lang/Object;)V", Value.THROWN, Value.THIS)
                        .on(CI_HOOKS)));
    }
}

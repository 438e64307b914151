package io.leakguard.agent.instrument.ci;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * JUnit Jupiter's ClassBasedTestDescriptor (a test class, top-level or @Nested): {@code before}
 * runs its @BeforeAll methods, {@code after} its @AfterAll methods. Between the two the class
 * is running, so a fixture one of its tests leaves in a static field (or in a field of the
 * class's one test instance, under @TestInstance(PER_CLASS)) is deferred to the class
 * (see ClassOwned); after @AfterAll, what is still open of those fails the class: the exit hook
 * throws an AssertionError, which Jupiter records as the class's failure (added as suppressed
 * when @AfterAll threw). The bridge methods (taking the platform's EngineExecutionContext) call
 * the real ones and are never woven, or the hooks would run twice.
 */
public final class JupiterClassTarget implements AppTarget {
    private static final String CI_HOOKS = "io/leakguard/bootstrap/CiHooks";

    @Override
    public String typeName() {
        return "org.junit.jupiter.engine.descriptor.ClassBasedTestDescriptor";
    }

    @Override
    public List<MethodHooks> methods() {
        String one = "(Ljava/lang/Object;)V";
        return List.of(
                // The execution context too: its extension context holds the class's one test
                // instance under @TestInstance(PER_CLASS), created later in before().
                MethodHooks.method("before", 1, Hook.enter("classStarted", "(Ljava/lang/Object;Ljava/lang/Object;)V",
                        Value.THIS, Value.arg(0)).on(CI_HOOKS)),
                MethodHooks.method("after", 1,
                        Hook.exit("classEnded", one, Value.THIS).on(CI_HOOKS),
                        Hook.thrown("classFailed", "(Ljava/lang/Throwable;Ljava/lang/Object;)V", Value.THROWN, Value.THIS)
                                .on(CI_HOOKS)));
    }
}

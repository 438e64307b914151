package io.leakguard.agent.instrument.ci;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * JUnit 4 (run by itself or through JUnit 5's vintage engine): ParentRunner.runLeaf wraps each
 * test method in an EachTestNotifier, calling fireTestStarted() before the test (with its
 * befores and afters) and fireTestFinished() after it, whatever happened. What the test left
 * open by then is added to that test as a failure through the notifier's own addFailure, so
 * JUnit reports it against the test, before the test is reported finished. Reflection on the
 * notifier: JUnit 4 is the application's class, never on the agent's class path.
 */
public final class JUnit4EachTestNotifierTarget implements AppTarget {
    private static final String ONE = "(Ljava/lang/Object;)V";

    @Override
    public String typeName() {
        return "org.junit.internal.runners.model.EachTestNotifier";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                MethodHooks.method("fireTestStarted", "()V", Hook.exit("junit4TestStarted", ONE, Value.THIS).on(CI_HOOKS)),
                MethodHooks.method("fireTestFinished", "()V", Hook.enter("junit4TestFinished", ONE, Value.THIS).on(CI_HOOKS)));
    }

    private static final String CI_HOOKS = "io/leakguard/bootstrap/CiHooks";
}

package io.leakguard.agent.instrument.thread;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.util.concurrent.Executors$DelegatedExecutorService: what newSingleThreadExecutor(),
 * newSingleThreadScheduledExecutor() and unconfigurableExecutorService() return around the
 * ThreadPoolExecutor. The application holds the wrapper; ci mode looks for it (a test class's
 * static field keeping it is the class's fixture), so the wrapper is linked to its executor.
 */
final class DelegatedExecutorServiceTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.util.concurrent.Executors$DelegatedExecutorService";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(MethodHooks.method("<init>", "(Ljava/util/concurrent/ExecutorService;)V",
                Hook.exit("executorWrapped", "(" + Hooks.OBJECT + Hooks.OBJECT + ")V", Value.THIS, Value.arg(0))));
    }
}

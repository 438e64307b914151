package io.leakguard.agent.instrument.thread;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.lang.Thread: start() (or, JDK 21+, start(ThreadContainer), which executors use) returning is
 * a platform thread running (virtual threads start through their own class and are not seen); exit(), which the VM calls on the ending thread, is its end.
 */
final class ThreadTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.lang.Thread";
    }

    @Override
    public List<MethodHooks> methods() {
        String sig = "(" + Hooks.OBJECT + ")V";
        Hook started = Hook.exit("threadStarted", sig, Value.THIS);
        return List.of(MethodHooks.method("start", "()V", started),
                // JDK 21+: executors (ThreadPoolExecutor's thread container) start their workers through this one.
                MethodHooks.optionalMethod("start", "(Ljdk/internal/vm/ThreadContainer;)V", started),
                MethodHooks.method("exit", "()V", Hook.enter("threadEnds", sig, Value.THIS)));
    }
}

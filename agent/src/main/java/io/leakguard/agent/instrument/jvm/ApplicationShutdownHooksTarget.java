package io.leakguard.agent.instrument.jvm;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * java.lang.ApplicationShutdownHooks: {@code runHooks()} is where the JVM starts the
 * application's shutdown hooks, once, before any of them runs. From then on acquisitions are the
 * exit's own work (another agent writing its data, a logger flushing) and are not tracked, so the
 * exit report never names them. Woven whatever families are on.
 */
public final class ApplicationShutdownHooksTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.lang.ApplicationShutdownHooks";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(MethodHooks.method("runHooks", "()V", Hook.enter("shutdownBegins", "()V")));
    }
}

package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Brackets every class the agent looks at, so the files Byte Buddy reads while transforming on
 * an application thread are never tracked, and counts (reporting once per type) any type it
 * failed to instrument. The end-to-end tests fail when that report appears.
 */
final class InstrumentationListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onDiscovery(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
        Tracker.enterAgentCode();
    }

    @Override
    public void onComplete(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
        Tracker.exitAgentCode();
    }

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                        Throwable throwable) {
        AgentErrors.record("instrumenting " + typeName, throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader,
                                 JavaModule module, boolean loaded, DynamicType dynamicType) {
        if (Boolean.getBoolean("io.leakguard.debug.transform")) {
            System.err.println("leakguard: instrumented " + typeDescription.getName());
        }
    }
}

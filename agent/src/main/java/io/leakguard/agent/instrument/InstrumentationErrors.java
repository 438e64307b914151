package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.AgentErrors;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Counts and reports (once per type) any type leakguard failed to instrument. The end-to-end
 * tests fail when this line appears, so a broken target cannot go unnoticed.
 */
final class InstrumentationErrors extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                        Throwable throwable) {
        AgentErrors.record("instrumenting " + typeName, throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader,
                                 JavaModule module, boolean loaded, DynamicType dynamicType) {
        if (Boolean.getBoolean("leakguard.debug.transform")) {
            System.err.println("leakguard: instrumented " + typeDescription.getName());
        }
    }
}

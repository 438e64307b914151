package io.leakguard.agent.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * One instrumented JDK or library type: its exact name and the advice applied to it. Each
 * implementation lives in its own file, named for the type it instruments.
 */
public interface Target {
    /** The binary name of the type, matched exactly. */
    String typeName();

    /** Whether this target applies on the running JDK (JDK-internal types move between releases). */
    default boolean appliesToRuntime() {
        return true;
    }

    /** The advice for this type; built once, before the agent is installed. */
    AsmVisitorWrapper advice();
}

package io.leakguard.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented type (a JDK class matched by exact name, or every implementation of a JDBC
 * interface) and the advice applied to it. Each implementation lives in its own file, named for
 * the type it instruments.
 */
public interface Target {
    /** The binary name of the type (or, for a hierarchy, of the interface). */
    String typeName();

    /** Which loaded types get the advice: by default exactly {@link #typeName()}. */
    default ElementMatcher<? super TypeDescription> type() {
        return named(typeName());
    }

    /** Whether this target applies on the running JDK (JDK-internal types move between releases). */
    default boolean appliesToRuntime() {
        return true;
    }

    /**
     * Whether the advice calls the bootstrap classes (all but the class loaders' own): then a
     * class whose loader cannot see them is left as it is ({@link BootVisibility}).
     */
    default boolean callsBootstrap() {
        return true;
    }

    /** The advice for this type; built once, before the agent is installed. */
    AsmVisitorWrapper advice();
}

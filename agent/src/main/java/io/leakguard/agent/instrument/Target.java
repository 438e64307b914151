package io.leakguard.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One application type instrumented with Byte Buddy advice (a pool's or a test framework's class
 * matched by exact name, or every implementation of a JDBC interface). The JDK's classes are
 * woven without Byte Buddy ({@link io.leakguard.agent.instrument.weave.JdkTarget}). Each implementation lives in its own file, named for
 * the type it instruments.
 */
public interface Target {
    /** The binary name of the type (or, for a hierarchy, of the interface). */
    String typeName();

    /** Which loaded types get the advice: by default exactly {@link #typeName()}. */
    default ElementMatcher<? super TypeDescription> type() {
        return named(typeName());
    }

    /**
     * Whether {@link #typeName()} is an interface whose implementations get the advice (the JDBC
     * interfaces), rather than the one class of that name.
     */
    default boolean byHierarchy() {
        return false;
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

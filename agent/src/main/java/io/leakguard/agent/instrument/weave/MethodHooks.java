package io.leakguard.agent.instrument.weave;

import java.util.List;

/**
 * The hooks of the methods of one JDK class that one selector picks: a name and an exact
 * descriptor, or every constructor. A selector that picks nothing in the running JDK's class is
 * reported (the JDK moved something: the resource would go untracked without a word), unless it
 * is marked optional.
 */
public final class MethodHooks {
    final String name;
    final String descriptor;
    final List<Hook> hooks;
    final boolean optional;

    private MethodHooks(String name, String descriptor, boolean optional, List<Hook> hooks) {
        this.name = name;
        this.descriptor = descriptor;
        this.optional = optional;
        this.hooks = hooks;
    }

    /** @param descriptor the exact JVM descriptor, e.g. {@code (Ljava/io/File;)V} */
    public static MethodHooks method(String name, String descriptor, Hook... hooks) {
        return new MethodHooks(name, descriptor, false, List.of(hooks));
    }

    /** Like {@link #method}, without a report when the running JDK lacks it. */
    public static MethodHooks optionalMethod(String name, String descriptor, Hook... hooks) {
        return new MethodHooks(name, descriptor, true, List.of(hooks));
    }

    /** Every constructor of the class (each must then open the resource itself, not call this(..)). */
    public static MethodHooks constructors(Hook... hooks) {
        return new MethodHooks("<init>", null, false, List.of(hooks));
    }

    boolean matches(String methodName, String methodDescriptor) {
        return name.equals(methodName) && (descriptor == null || descriptor.equals(methodDescriptor));
    }

    @Override
    public String toString() {
        return name + (descriptor == null ? "" : descriptor);
    }
}

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
    /** With no descriptor: how many parameters the method takes (-1: any). */
    final int parameters;
    /** When set, picks the methods instead of the name (which then only describes the rule). */
    final MethodFilter filter;

    private MethodHooks(String name, String descriptor, boolean optional, List<Hook> hooks) {
        this(name, descriptor, -1, optional, hooks, null);
    }

    private MethodHooks(String name, String descriptor, int parameters, boolean optional, List<Hook> hooks,
                        MethodFilter filter) {
        this.name = name;
        this.descriptor = descriptor;
        this.parameters = parameters;
        this.optional = optional;
        this.hooks = hooks;
        this.filter = filter;
    }

    /**
     * A method by name and number of parameters, whatever their types: for a library whose
     * parameter types move between its versions (JUnit's execution contexts). Bridges never match.
     */
    public static MethodHooks method(String name, int parameters, Hook... hooks) {
        return new MethodHooks(name, null, parameters, false, List.of(hooks), null);
    }

    /** @param descriptor the exact JVM descriptor, e.g. {@code (Ljava/io/File;)V} */
    public static MethodHooks method(String name, String descriptor, Hook... hooks) {
        return new MethodHooks(name, descriptor, false, List.of(hooks));
    }

    /** Like {@link #method}, without a report when the running JDK lacks it. */
    public static MethodHooks optionalMethod(String name, String descriptor, Hook... hooks) {
        return new MethodHooks(name, descriptor, true, List.of(hooks));
    }

    /**
     * The instance methods {@code filter} accepts, never reported missing: for implementations of an
     * interface, where a class may declare none of them (it inherits them).
     *
     * @param rule what the filter picks, for messages
     */
    public static MethodHooks where(String rule, MethodFilter filter, Hook... hooks) {
        return new MethodHooks(rule, null, -1, true, List.of(hooks), filter);
    }

    /** Every overload of {@code name}, never reported missing (implementations of an interface). */
    public static MethodHooks anyNamed(String name, Hook... hooks) {
        return where(name, MethodRule.named(name), hooks);
    }

    /** Every constructor of the class (each must then open the resource itself, not call this(..)). */
    public static MethodHooks constructors(Hook... hooks) {
        return new MethodHooks("<init>", null, false, List.of(hooks));
    }

    boolean matches(int access, String methodName, String methodDescriptor, String[] exceptions) {
        if (filter != null) {
            // Instance methods only: the rules' hooks pass the instance (a static helper that
            // happens to be called execute has none).
            return (access & net.bytebuddy.jar.asm.Opcodes.ACC_STATIC) == 0 && !"<init>".equals(methodName)
                    && !"<clinit>".equals(methodName) && filter.accepts(access, methodName, methodDescriptor, exceptions);
        }
        return name.equals(methodName) && (descriptor == null || descriptor.equals(methodDescriptor))
                && (parameters < 0 || net.bytebuddy.jar.asm.Type.getArgumentTypes(methodDescriptor).length == parameters);
    }

    @Override
    public String toString() {
        return name + (descriptor != null ? descriptor : parameters >= 0 ? " with " + parameters + " parameters" : "");
    }
}

package io.leakguard.agent.instrument.weave;

import java.util.Set;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A {@link MethodFilter} made of data, not a lambda: the rules are built at start-up, and each
 * lambda would cost its own class spun by the JVM's lambda factory (about a millisecond each
 * before the JIT has warmed up, in every JVM). Picks methods by name (any of a set, or any name
 * but a set), by how the descriptor starts, and, for SQL calls, by being public instance methods
 * that can throw SQLException.
 */
public final class MethodRule implements MethodFilter {
    private final Set<String> names;
    private final Set<String> except;
    private final String exceptPrefix;
    private final String descriptorPrefix;
    private final boolean sqlCall;

    private MethodRule(Set<String> names, Set<String> except, String exceptPrefix, String descriptorPrefix,
                       boolean sqlCall) {
        this.names = names;
        this.except = except;
        this.exceptPrefix = exceptPrefix;
        this.descriptorPrefix = descriptorPrefix;
        this.sqlCall = sqlCall;
    }

    /** Methods of any of these names. */
    public static MethodRule named(String... names) {
        return new MethodRule(Set.of(names), Set.of(), null, null, false);
    }

    /**
     * Every public instance method that can throw SQLException (declares it or a super class of
     * it: the JDBC API's methods, not the implementation's helpers), but those named here.
     */
    public static MethodRule sqlCallsExcept(String... names) {
        return new MethodRule(null, Set.of(names), null, null, true);
    }

    /** This rule, and the descriptor starts so ({@code "()"}: no arguments; {@code "(Ljava/lang/String;"}). */
    public MethodRule descriptorStarting(String prefix) {
        return new MethodRule(names, except, exceptPrefix, prefix, sqlCall);
    }

    /** This rule, but no method whose name starts so. */
    public MethodRule exceptNamesStarting(String prefix) {
        return new MethodRule(names, except, prefix, descriptorPrefix, sqlCall);
    }

    @Override
    public boolean accepts(int access, String name, String descriptor, String[] exceptions) {
        if (names != null && !names.contains(name)) {
            return false;
        }
        if (except.contains(name) || (exceptPrefix != null && name.startsWith(exceptPrefix))) {
            return false;
        }
        if (descriptorPrefix != null && !descriptor.startsWith(descriptorPrefix)) {
            return false;
        }
        return !sqlCall || canThrowSql(access, exceptions);
    }

    private static boolean canThrowSql(int access, String[] exceptions) {
        if ((access & Opcodes.ACC_PUBLIC) == 0 || (access & Opcodes.ACC_STATIC) != 0 || exceptions == null) {
            return false;
        }
        for (String e : exceptions) {
            if (e.equals("java/sql/SQLException") || e.equals("java/lang/Exception") || e.equals("java/lang/Throwable")) {
                return true;
            }
        }
        return false;
    }
}

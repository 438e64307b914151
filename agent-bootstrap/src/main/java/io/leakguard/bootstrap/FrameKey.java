package io.leakguard.bootstrap;

import java.lang.StackWalker.StackFrame;

/**
 * A code location (class, method, bytecode index) as a map key: what interned sites are keyed by,
 * so a known line costs no StackTraceElement. The class by identity (two loaders' classes of one
 * name are two places).
 */
final class FrameKey {
    final Class<?> type;
    final String method;
    final int bci;
    private final int hash;

    FrameKey(Class<?> type, String method, int bci) {
        this.type = type;
        this.method = method;
        this.bci = bci;
        this.hash = (System.identityHashCode(type) * 31 + method.hashCode()) * 31 + bci;
    }

    static FrameKey of(StackFrame f) {
        return new FrameKey(f.getDeclaringClass(), f.getMethodName(), f.getByteCodeIndex());
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FrameKey)) {
            return false;
        }
        FrameKey k = (FrameKey) o;
        return k.type == type && k.bci == bci && k.method.equals(method);
    }
}

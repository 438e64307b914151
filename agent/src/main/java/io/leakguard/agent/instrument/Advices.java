package io.leakguard.agent.instrument;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.asm.Advice;

/**
 * One {@link Advice} per advice class. {@code Advice.to} reads and describes the advice class
 * each time it is called, and the same advice serves many targets (ReleaseAdvice twelve times):
 * built once, it is shared, which is safe because an Advice is immutable ({@code on(..)}
 * returns a new wrapper). Part of the start-up work every synchronous install waits for.
 */
public final class Advices {
    private static final Map<Class<?>, Advice> BUILT = new ConcurrentHashMap<>();

    private Advices() {
    }

    public static Advice to(Class<?> adviceClass) {
        return BUILT.computeIfAbsent(adviceClass, Advice::to);
    }
}

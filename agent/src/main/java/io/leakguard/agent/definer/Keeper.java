package io.leakguard.agent.definer;

import java.lang.reflect.Method;

/**
 * Holds the agent's {@code Instrumentation} and its installed transformer, out of the
 * application's reach, for detach. Like {@link BootDefiner} it is not run from the agent jar's
 * class path: {@code BootClasses} loads it into the module {@code io.leakguard.definer}, which
 * exports this package but opens it to nobody, so a private static field here cannot be read by
 * reflection from the class path (the agent's other classes are in the class path's unnamed
 * module, where every field can be made accessible). Nothing here ever hands either object out:
 * the only thing done with them is the one call that restores the original bytecode.
 *
 * <p>Typed as Object: this module reads only java.base; the agent passes the method to call
 * (Instrumenter.reset).
 */
public final class Keeper {
    private static Object instrumentation;
    private static Object transformer;
    private static Method reset;
    private static Object strategy;

    private Keeper() {
    }

    /**
     * Keeps them until {@link #reset()}; false (and nothing kept) if something is kept already:
     * never replaced, so no caller can swap in a method of its own to be called with the
     * instrumentation.
     */
    public static synchronized boolean keep(Object instrumentation, Object transformer, Method reset, Object strategy) {
        if (Keeper.instrumentation != null || instrumentation == null) {
            return false;
        }
        Keeper.instrumentation = instrumentation;
        Keeper.transformer = transformer;
        Keeper.reset = reset;
        Keeper.strategy = strategy;
        return true;
    }

    /**
     * Calls {@code transformer.reset(instrumentation, strategy)} once and forgets all four;
     * its result (Boolean), or null when nothing was kept.
     */
    public static synchronized Object reset() throws ReflectiveOperationException {
        if (instrumentation == null) {
            return null;
        }
        try {
            return reset.invoke(transformer, instrumentation, strategy);
        } finally {
            instrumentation = null;
            transformer = null;
            reset = null;
            strategy = null;
        }
    }
}

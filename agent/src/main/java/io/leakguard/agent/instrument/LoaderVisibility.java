package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.Tracker;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a class loader resolves {@code io.leakguard.bootstrap.Tracker} to the boot loader's
 * class, so that hooks woven into its classes can call the bootstrap classes; asked once per
 * loader and remembered weakly. {@link BootVisibility} asks the same for Byte Buddy's targets;
 * this one serves the woven application targets without touching Byte Buddy's types.
 */
final class LoaderVisibility {
    private static final Map<ClassLoader, Boolean> SEEN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    /** The loader being asked on this thread: if asking it loads a woven class, that one is left. */
    private static final ThreadLocal<ClassLoader> ASKING = new ThreadLocal<>();

    private LoaderVisibility() {
    }

    static boolean seesBootstrap(ClassLoader loader, String className) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return true;
        }
        Boolean known = SEEN.get(loader);
        if (known == null) {
            if (ASKING.get() == loader) {
                return false;
            }
            known = ask(loader);
            SEEN.put(loader, known);
        }
        if (!known && REPORTED.add(loader.getClass().getName())) {
            System.err.println("leakguard: classes of the class loader " + loader.getClass().getName()
                    + " cannot see leakguard's own classes; " + className + " is left as it is");
        }
        return known;
    }

    private static boolean ask(ClassLoader loader) {
        ASKING.set(loader);
        try {
            return Class.forName(Tracker.class.getName(), false, loader) == Tracker.class;
        } catch (Throwable notVisible) {
            return false;
        } finally {
            ASKING.remove();
        }
    }
}

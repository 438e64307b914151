package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.Tracker;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a class loader resolves {@code io.leakguard.bootstrap.Tracker} to the boot loader's
 * class, so that code woven into its classes can call the bootstrap classes; asked once per
 * loader, after a class of it matched, and remembered weakly (a web application's loader can
 * go). Serves the woven application targets: the JDBC implementations, the pools' and the test
 * frameworks' classes. The boot and platform loaders are not asked at all.
 */
final class LoaderVisibility {
    private static final Map<ClassLoader, Boolean> SEEN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    /** The loader being asked on this thread: if asking it loads a woven class, that one is left. */
    private static final ThreadLocal<ClassLoader> ASKING = new ThreadLocal<>();

    private LoaderVisibility() {
    }

    static boolean seesBootstrap(ClassLoader loader, String className) {
        return seesBootstrap(loader, className, true);
    }

    /**
     * @param report say once per loader class when it cannot: false for ci mode's call-site marks,
     *     whose classes' resources are tracked anyway (only their stacks are not shared)
     */
    static boolean seesBootstrap(ClassLoader loader, String className, boolean report) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return true;
        }
        Boolean known = SEEN.get(loader);
        if (known == null) {
            if (ASKING.get() == loader) {
                return false;
            }
            // Not under the map's lock: the loader may take its own lock, which another thread
            // loading through it holds while it waits here.
            known = ask(loader);
            SEEN.put(loader, known);
        }
        if (!known && report && REPORTED.add(loader.getClass().getName())) {
            System.err.println("leakguard: classes of the class loader " + loader.getClass().getName()
                    + (loader.getName() == null ? "" : " (" + loader.getName() + ")")
                    + " cannot see leakguard's own classes and that loader could not be changed to;"
                    + " its classes are left uninstrumented and their resources untracked (first: "
                    + className + ")");
        }
        return known;
    }

    private static boolean ask(ClassLoader loader) {
        ClassLoader outer = ASKING.get();
        ASKING.set(loader);
        try {
            return Class.forName(Tracker.class.getName(), false, loader) == Tracker.class;
        } catch (Throwable notVisible) {
            return false;
        } finally {
            if (outer == null) {
                ASKING.remove();
            } else {
                ASKING.set(outer);
            }
        }
    }
}

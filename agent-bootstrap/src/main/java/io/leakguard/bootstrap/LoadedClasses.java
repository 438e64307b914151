package io.leakguard.bootstrap;

import java.lang.reflect.Method;

/**
 * ci mode, rule 5 beyond the system class loader: the class of a given name that a class loader
 * has already loaded, and whether it is initialized, both asked without running anything of the
 * application's. A stack through a loader of the application's (a per-test-class loader, as
 * Agroal's suite gives Narayana's classes) names its classes by name only: {@code Class.forName}
 * through that loader would run the loader's own code, which may define a second copy of the
 * class (Agroal's does), and reading a static field of a class not yet initialized would run its
 * static initializer. So a class is looked up with {@code ClassLoader.findLoadedClass} (the
 * loader's table of what it loaded, no loader code), and its statics are read only once the JVM
 * says it is initialized ({@code jdk.internal.misc.Unsafe.shouldBeInitialized}). One thing the
 * lookup cannot avoid: reading a class's fields (StaticHolders) makes the JVM load the types of
 * its fields that are not loaded yet, through that class's own loader, as the class's first use
 * of them would; that loads classes and may run the loader's loadClass, but never a static
 * initializer.
 *
 * <p>Both need java.base to let the bootstrap classes in: the agent opens {@code java.lang} and
 * exports {@code jdk.internal.misc} to the boot loader's unnamed module (nothing of the class
 * path's) in ci mode, then calls {@link #init()}. Without them every answer is "unknown", and
 * rule 5 looks only at classes of the system class loader, as it did before.
 */
final class LoadedClasses {
    private static volatile Method findLoadedClass;
    private static volatile Object unsafe;
    private static volatile Method shouldBeInitialized;

    private LoadedClasses() {
    }

    /** After the agent opened the two packages; a failure leaves the answers unknown. */
    static void init() {
        try {
            Method find = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
            find.setAccessible(true);
            Class<?> u = Class.forName("jdk.internal.misc.Unsafe", false, null);
            Object theUnsafe = u.getMethod("getUnsafe").invoke(null);
            Method should = u.getMethod("shouldBeInitialized", Class.class);
            unsafe = theUnsafe;
            shouldBeInitialized = should;
            findLoadedClass = find;
        } catch (Throwable t) {
            AgentErrors.record("ci class lookup", t);
        }
    }

    /**
     * Every class the JVM has loaded, from the agent (Instrumentation.getAllLoadedClasses); null
     * until it says. Asked only in ci mode, for a thread or file still open at a test's end that no
     * class on its stack holds (ClassOwned's library statics).
     */
    private static volatile java.util.function.Supplier<Class<?>[]> all;

    static void allFrom(java.util.function.Supplier<Class<?>[]> loaded) {
        all = loaded;
    }

    /**
     * Every loaded class, or null when the agent gave no way to list them. Listed anew each time
     * (a few milliseconds): a list kept for later missed the classes loaded since, and a test that
     * used a library's singleton for the first time failed when another test's judgment had
     * listed the classes just before.
     */
    static Class<?>[] all() {
        java.util.function.Supplier<Class<?>[]> s = all;
        return s == null ? null : s.get();
    }

    /** Whether the lookups below can answer at all. */
    static boolean available() {
        return findLoadedClass != null;
    }

    /** The class of this name the loader has loaded (defined, or been asked for before), or null. */
    static Class<?> loadedBy(ClassLoader loader, String name) {
        Method find = findLoadedClass;
        if (find == null || loader == null) {
            return null;
        }
        try {
            return (Class<?>) find.invoke(loader, name);
        } catch (Throwable t) {
            return null;
        }
    }

    /** True only when the JVM says the class is initialized (reading its statics runs nothing). */
    static boolean initialized(Class<?> c) {
        Method should = shouldBeInitialized;
        if (should == null) {
            return false;
        }
        try {
            return !((Boolean) should.invoke(unsafe, c));
        } catch (Throwable t) {
            return false;
        }
    }
}

package io.leakguard.agent.definer;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines the bootstrap classes in the boot class loader. This class is not run from the agent
 * jar's class path: {@code BootClasses} loads it into a module of its own, the one module that
 * java.base's {@code jdk.internal.misc} is exported to, so the application's code (the class
 * path's unnamed module) gains no access to JDK internals from it.
 */
public final class BootDefiner {
    private BootDefiner() {
    }

    /** Defines each class, in the order given (supertypes first), with the boot loader. */
    public static void define(String[] names, byte[][] classes) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            define.invoke(unsafe, names[i], classes[i], 0, classes[i].length, null, null);
        }
    }
}

package io.leakguard.agent.definer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;

/**
 * Defines the bootstrap classes in the boot class loader. This class is not run from the agent
 * jar's class path: {@code BootClasses} loads it into a class loader of its own, whose unnamed
 * module is the one module that java.base's {@code jdk.internal.misc} is exported to, so the
 * application's code (the class path's unnamed module) gains no access to JDK internals from it.
 */
public final class BootDefiner {
    private BootDefiner() {
    }

    /**
     * Defines each class, in the order given (supertypes first), with the boot loader. Through a
     * method handle, not {@code Method.invoke}: since JDK 18 reflection builds a method-handle
     * accessor for each reflected method on its first call, which cost 20-40 ms of start-up on
     * JDK 25; the handle is adapted once and then called once per class.
     */
    public static void define(String[] names, byte[][] classes) throws Throwable {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass)).invoke();
        MethodHandle define = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(Class.class,
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class))
                .bindTo(unsafe);
        for (int i = 0; i < names.length; i++) {
            Object unused = define.invoke(names[i], classes[i], 0, classes[i].length, (ClassLoader) null,
                    (ProtectionDomain) null);
        }
    }
}

package io.leakguard.agent.definer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;

/**
 * Defines the bootstrap classes in the boot class loader. This class is not run from the agent
 * jar's class path: {@code BootClasses} loads it into a class loader of its own, whose unnamed
 * module is the one module that java.base's {@code jdk.internal.misc} is exported to, so the
 * application's code (the class path's unnamed module) gains no access to JDK internals from it.
 */
public final class BootDefiner {
    private final MethodHandle define;
    private final Object unsafe;
    private final String[] names;
    private final byte[][] classes;
    private final boolean[] defined;
    private final Map<String, Integer> byInternalName = new HashMap<>();
    /** How many definitions had to wait for a supertype (debug output). */
    private int deferred;

    private BootDefiner(MethodHandle define, Object unsafe, String[] names, byte[][] classes) {
        this.define = define;
        this.unsafe = unsafe;
        this.names = names;
        this.classes = classes;
        this.defined = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            byInternalName.put(names[i].replace('.', '/'), i);
        }
    }

    /**
     * Defines each class with the boot loader, in any order: a class whose superclass or interface
     * is not defined yet fails with a NoClassDefFoundError naming it (the boot loader has no class
     * path to find it on, and a failed definition leaves nothing behind), so that one is defined
     * first and the class again. A few such retries cost less than ordering all of them up front
     * (reading every class file's constant pool: 3.5-5.5 ms of start-up, interpreted).
     *
     * <p>Through a method handle, not {@code Method.invoke}: since JDK 18 reflection builds a
     * method-handle accessor for each reflected method on its first call, which cost 20-40 ms of
     * start-up on JDK 25; the handle is adapted once and then called once per class.
     *
     * @return how many definitions waited for a supertype
     */
    public static int define(String[] names, byte[][] classes) throws Throwable {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass)).invoke();
        MethodHandle define = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(Class.class,
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class));
        BootDefiner d = new BootDefiner(define, unsafe, names, classes);
        for (int i = 0; i < names.length; i++) {
            d.defineWithSupertypes(i, 0);
        }
        return d.deferred;
    }

    private void defineWithSupertypes(int i, int depth) throws Throwable {
        while (!defined[i]) {
            try {
                Object unused = define.invoke(unsafe, names[i], classes[i], 0, classes[i].length, (ClassLoader) null,
                        (ProtectionDomain) null);
                defined[i] = true;
            } catch (NoClassDefFoundError e) {
                Integer missing = e.getMessage() == null ? null : byInternalName.get(e.getMessage());
                if (missing == null || defined[missing] || depth > names.length) {
                    throw e; // not one of ours, or a cycle: the caller appends the jar instead
                }
                deferred++;
                defineWithSupertypes(missing, depth + 1);
            }
        }
    }
}

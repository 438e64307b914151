package io.leakguard.agent.definer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Defines the bootstrap classes in the boot class loader. This class is not run from the agent
 * jar's class path: {@code BootClasses} loads it into a class loader of its own, whose unnamed
 * module is the one module that java.base's {@code jdk.internal.misc} is exported to, so the
 * application's code (the class path's unnamed module) gains no access to JDK internals from it.
 */
public final class BootDefiner {
    /** The name of the one class loader this class does its work in (BootClasses makes it). */
    public static final String LOADER_NAME = "leakguard-definer";

    /*
     * The work runs in this class's static initializer, which BootClasses starts by loading the
     * class with initialisation: the job (the names, the class files, an array for the answer)
     * comes from the class loader that defines this class, as a Supplier. No reflective call is
     * needed: since JDK 18 the first Method.invoke of a JVM builds a method-handle accessor,
     * ~5 ms of start-up on JDK 25 for this one call (measured), ~0.5 ms on JDK 17. A failure
     * leaves the initializer (as an ExceptionInInitializerError for a checked or runtime one),
     * and BootClasses appends the jar instead.
     */
    static {
        // Inert anywhere else: the agent jar is on the class path too, where something that
        // initialises every class it finds (a scanner, a test tool) must meet no error of ours.
        ClassLoader loader = BootDefiner.class.getClassLoader();
        @SuppressWarnings("unchecked")
        Object[] job = loader instanceof Supplier && LOADER_NAME.equals(loader.getName())
                ? ((Supplier<Object[]>) loader).get() : null;
        if (job != null) {
            run(job);
        }
    }

    private static void run(Object[] job) {
        try {
            ((int[]) job[2])[0] = define((String[]) job[0], (byte[][]) job[1]);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

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
     * start-up on JDK 25 when Unsafe's method was called that way; the handle is adapted once and
     * then called once per class.
     *
     * @return how many definitions waited for a supertype
     */
    private static int define(String[] names, byte[][] classes) throws Throwable {
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

package io.leakguard.agent.instrument;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.bootstrap.AgentErrors;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the {@link WeavingTransformer} and retransforms what is already loaded: at JVM start
 * the named JDK classes (and a custom system class loader's class, if any); after an attach,
 * also the application's loaders, drivers and pools loaded by then. Retransforming changes code
 * only, no members, which is what the JVM allows for a loaded class.
 */
public final class Instrumenter {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    /** After an attach, each retransformation batch stops the world: small batches, short pauses. */
    private static final int ATTACH_BATCH = 25;
    private static final long ATTACH_PAUSE_MILLIS = 5;

    private final Instrumentation inst;
    private final WeavingTransformer transformer;

    private Instrumenter(Instrumentation inst, WeavingTransformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
    }

    /**
     * @param jdkTargets woven without Byte Buddy
     * @param appTargets application classes known by name, woven the same way (ci mode's JUnit)
     * @param interfaces every implementation of these interfaces (JDBC's) is woven
     * @param attached loaded into a running JVM: classes already loaded are retransformed in
     *     small batches with pauses
     */
    public static Instrumenter install(Instrumentation inst, List<JdkTarget> jdkTargets, List<AppTarget> appTargets,
                                       List<InterfaceTarget> interfaces, boolean attached) {
        WeaverWarmUp.awaitEnd();
        if (!interfaces.isEmpty()) {
            loadJrtReader();
        }
        Map<String, JdkTarget> jdk = new HashMap<>();
        for (JdkTarget t : jdkTargets) {
            if (t.appliesToRuntime()) {
                jdk.put(t.typeName().replace('.', '/'), t);
            }
        }
        Map<String, JdkTarget> application = new HashMap<>();
        for (AppTarget t : appTargets) {
            if (t.appliesToRuntime()) {
                application.put(t.typeName().replace('.', '/'), t);
            }
        }
        @SuppressWarnings("unchecked")
        List<MethodHooks>[] byType = new List[Integer.SIZE];
        int types = 0;
        for (InterfaceTarget t : interfaces) {
            int bit = hierarchyBits(t.typeName());
            if (bit == 0) {
                throw new IllegalArgumentException(t.typeName() + " is not an interface SuperTypes knows");
            }
            byType[Integer.numberOfTrailingZeros(bit)] = t.methods();
            types |= bit;
        }
        boolean loaders = !jdk.isEmpty() || !application.isEmpty() || types != 0;
        WeavingTransformer transformer = new WeavingTransformer(jdk, application, byType, loaders);
        inst.addTransformer(transformer, true);
        Instrumenter installed = new Instrumenter(inst, transformer);
        // Binary names (dots), as Class.getName() gives them: the loaded-class walks below look at
        // every class in the JVM (~1,100 at premain) and would otherwise convert each name.
        Set<String> jdkNames = binaryNames(jdk.keySet());
        Set<String> byName = binaryNames(application.keySet());
        boolean debug = Boolean.getBoolean("io.leakguard.debug.startup");
        long t0 = System.nanoTime();
        List<Class<?>> present = loaded(inst, jdkNames, byName, types != 0);
        long t1 = System.nanoTime();
        installed.retransform(present, attached);
        long t2 = System.nanoTime();
        installed.catchUp(jdkNames, byName);
        if (debug) {
            System.err.println("leakguard: instrumentation: " + present.size() + " loaded classes found in "
                    + (t1 - t0) / 1_000_000 + " ms, retransformed in " + (t2 - t1) / 1_000_000 + " ms, catch-up "
                    + (System.nanoTime() - t2) / 1_000_000 + " ms; weaving JDK classes took "
                    + transformer.jdkWeavingNanos() / 1_000_000 + " ms of it");
        }
        return installed;
    }

    /**
     * Reads one JDK class file through a {@code jrt:} URL, as {@link SuperTypes} may (a JDBC
     * class's super type in {@code javax.}, read through the platform loader), so that the JDK
     * classes behind it (the jrt handler's URL connection, the image reader's buffers) are loaded
     * before our transformer is registered. Loaded later, from inside a transform (ours reading a
     * super type, another agent's transformer called back for that very class), such a class is asked for while it is being loaded: a ClassCircularityError,
     * which the JVM then keeps for every later jrt read in the process. Seen with the OpenTelemetry
     * agent starting while leakguard installed in the background.
     */
    private static void loadJrtReader() {
        try (java.io.InputStream in = java.net.URI.create("jrt:/java.base/java/lang/Object.class").toURL().openStream()) {
            in.readAllBytes();
        } catch (Exception | LinkageError e) {
            // Not a modular runtime image: no jrt reads to protect.
        }
    }

    private static Set<String> binaryNames(Set<String> internalNames) {
        Set<String> out = new HashSet<>();
        for (String n : internalNames) {
            out.add(n.replace('/', '.'));
        }
        return out;
    }

    private static int hierarchyBits(String iface) {
        switch (iface) {
            case "java.sql.Connection":
                return SuperTypes.CONNECTION;
            case "java.sql.Statement":
                return SuperTypes.STATEMENT;
            case "java.sql.ResultSet":
                return SuperTypes.RESULT_SET;
            case "javax.sql.DataSource":
                return SuperTypes.DATA_SOURCE;
            case "java.sql.Driver":
                return SuperTypes.DRIVER;
            case "javax.sql.PooledConnection":
                return SuperTypes.POOLED_CONNECTION;
            default:
                return 0;
        }
    }

    /**
     * The loaded classes the transformer would change: the named JDK classes, and of the
     * application's, the class loaders, the classes named by a target, the JDBC implementations
     * and the interfaces that extend a JDBC interface (asked of the loaded classes themselves:
     * nothing is read or resolved).
     */
    private static List<Class<?>> loaded(Instrumentation inst, Set<String> jdk, Set<String> names, boolean jdbc) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader l = c.getClassLoader();
            String name = c.getName();
            boolean wanted;
            if (l == null || l == PLATFORM) {
                wanted = jdk.contains(name);
            } else {
                // Interfaces too, where they extend a JDBC interface: their default methods are
                // woven as a class's methods are (a default close() is the close that runs).
                wanted = !c.isArray() && !c.isPrimitive() && !c.isHidden()
                        && !c.getName().startsWith("io.leakguard.")
                        && (c.isInterface() ? jdbc && isJdbc(c)
                            : ClassLoader.class.isAssignableFrom(c) || names.contains(name) || (jdbc && isJdbc(c)));
            }
            if (wanted && inst.isModifiableClass(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean isJdbc(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                if (jdbcInterface(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean jdbcInterface(Class<?> i) {
        String n = i.getName();
        if (n.startsWith("java.sql.") || n.equals("javax.sql.DataSource") || n.equals("javax.sql.PooledConnection")) {
            return true;
        }
        for (Class<?> s : i.getInterfaces()) {
            if (jdbcInterface(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A class another thread was loading while the transformer was registered can fall between
     * the two: its bytes went past before the transformer was there, and it was not yet among the
     * loaded classes when they were listed (seen: the pressure monitor's first read of
     * /proc loading FileChannelImpl during the install, which then went unwoven). The named
     * classes are a short list: any of them loaded by now and still unchanged is retransformed.
     */
    private void catchUp(Set<String> jdk, Set<String> byName) {
        Set<String> changed = transformer.changed();
        List<Class<?>> missed = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String name = c.getName();
            boolean named = (jdk.contains(name) && isJdk(c.getClassLoader())) || byName.contains(name);
            if (named && !changed.contains(c.getName()) && inst.isModifiableClass(c)) {
                missed.add(c);
            }
        }
        if (!missed.isEmpty()) {
            retransform(missed, false);
        }
    }

    private static boolean isJdk(ClassLoader l) {
        return l == null || l == PLATFORM;
    }

    private void retransform(List<Class<?>> classes, boolean attached) {
        int batch = attached ? ATTACH_BATCH : Math.max(1, classes.size());
        for (int i = 0; i < classes.size(); i += batch) {
            List<Class<?>> part = classes.subList(i, Math.min(classes.size(), i + batch));
            try {
                inst.retransformClasses(part.toArray(new Class<?>[0]));
            } catch (Throwable whole) {
                // The JVM rejects a whole batch when one class fails (one being defined at that
                // moment, one another agent changed in a way ours cannot follow): one by one, and
                // each class that still fails is reported, so a type left untracked is never silent.
                for (Class<?> c : part) {
                    try {
                        inst.retransformClasses(c);
                    } catch (Throwable one) {
                        AgentErrors.record("retransforming " + c.getName(), one);
                    }
                }
            }
            if (attached && i + batch < classes.size()) {
                try {
                    Thread.sleep(ATTACH_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Detach: the transformer is removed and every class it changed is retransformed without it,
     * which gives each its original code back. Called through the Keeper by reflection.
     *
     * @param unused kept for the Keeper's calling convention
     * @return whether any class was changed back
     */
    public boolean reset(Instrumentation unused, Object unusedToo) {
        inst.removeTransformer(transformer);
        Set<String> changed = transformer.changed();
        List<Class<?>> back = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (changed.contains(c.getName()) && inst.isModifiableClass(c)) {
                back.add(c);
            }
        }
        retransform(back, true);
        return !back.isEmpty();
    }

    @Override
    public String toString() {
        return "leakguard instrumentation of " + transformer.changed().size() + " classes";
    }
}

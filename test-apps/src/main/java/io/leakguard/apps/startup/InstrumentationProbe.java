package io.leakguard.apps.startup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.ref.Reference;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.Optional;

/**
 * What a hostile application could do to get the agent's {@code Instrumentation}: every class of
 * the agent jar (the agent's own, the shaded Byte Buddy, the bootstrap classes) is loaded by
 * name, and from their static fields everything reachable by reflection is walked (fields of any
 * object whose class allows setAccessible, arrays, collections, maps, references). Found, it is
 * used the way it would be abused: to export jdk.internal.misc to this program.
 *
 * <p>Prints "instrumentation: none reachable" or the path to it; the same for the agent's installed
 * (resettable) class file transformer, which is handed the Instrumentation at detach; whether the agent
 * runtime object was reached at all (so the walk is known to have looked where it used to be);
 * and whether the module holding them keeps its fields closed.
 *
 * <p>Argument: the agent jar.
 */
public final class InstrumentationProbe {
    private static final int MAX_OBJECTS = 2_000_000;

    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
    private String instrumentationPath;
    private Instrumentation instrumentation;
    private String transformerPath;
    private boolean runtimeReached;
    private Object definerLayer;

    private InstrumentationProbe() {
    }

    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.getProperty("leakguard.agent.version") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // The agent hands its instrumentation to the Keeper on a thread of its own 1.5 s after
        // start (its module takes ~20 ms to make): the walk below is about what is reachable once
        // that is done, and the Keeper's module must exist by then.
        while (keeperThreadRunning() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        InstrumentationProbe p = new InstrumentationProbe();
        List<Class<?>> classes = p.classes(args[0]);
        for (Class<?> c : classes) {
            p.statics(c, c.getName());
        }
        p.walk();
        System.out.println("instrumentation: " + (p.instrumentationPath == null ? "none reachable"
                : "reachable via " + p.instrumentationPath));
        System.out.println("transformer: " + (p.transformerPath == null ? "none reachable"
                : "reachable via " + p.transformerPath));
        System.out.println("agent runtime: " + (p.runtimeReached ? "reached" : "not reached"));
        System.out.println("keeper fields: " + p.keeperFields());
        if (p.instrumentation != null) {
            System.out.println("jdk.internal.misc.Unsafe through it: " + abuse(p.instrumentation));
        }
        System.err.println("InstrumentationProbe: " + classes.size() + " classes, " + p.seen.size() + " objects");
    }

    /** The agent jar's classes and the bootstrap classes, by name, as the application would load them. */
    private List<Class<?>> classes(String agentJar) throws IOException {
        List<Class<?>> out = new ArrayList<>();
        ClassLoader app = ClassLoader.getSystemClassLoader();
        try (JarFile jar = new JarFile(agentJar)) {
            for (JarEntry e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (n.startsWith("io/leakguard/") && n.endsWith(".class") && !n.endsWith("module-info.class")) {
                    load(out, n, app);
                } else if (n.endsWith("leakguard-bootstrap.jar")) {
                    try (InputStream in = jar.getInputStream(e);
                         JarInputStream nested = new JarInputStream(new ByteArrayInputStream(in.readAllBytes()))) {
                        JarEntry b;
                        while ((b = nested.getNextJarEntry()) != null) {
                            if (b.getName().endsWith(".class")) {
                                load(out, b.getName(), null);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void load(List<Class<?>> out, String file, ClassLoader loader) {
        String name = file.substring(0, file.length() - 6).replace('/', '.');
        try {
            out.add(Class.forName(name, false, loader));
        } catch (Throwable ignored) {
            // not loadable here: not reachable either
        }
    }

    private void statics(Class<?> c, String path) {
        Field[] fields;
        try {
            fields = c.getDeclaredFields();
        } catch (Throwable t) {
            return;
        }
        for (Field f : fields) {
            if (Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                read(f, null, path + "." + f.getName());
            }
        }
    }

    private void read(Field f, Object owner, String path) {
        try {
            if (f.trySetAccessible()) {
                offer(f.get(owner), path);
            }
        } catch (Throwable ignored) {
            // a class that fails to initialize holds nothing
        }
    }

    private void offer(Object o, String path) {
        if (o == null || seen.containsKey(o) || seen.size() >= MAX_OBJECTS) {
            return;
        }
        seen.put(o, Boolean.TRUE);
        queue.add(new Object[] {o, path.length() > 400 ? path.substring(0, 400) + "..." : path});
    }

    private void walk() {
        Object[] next;
        while ((next = queue.poll()) != null) {
            Object o = next[0];
            String path = (String) next[1];
            if (o instanceof Instrumentation && instrumentationPath == null) {
                instrumentationPath = path;
                instrumentation = (Instrumentation) o;
            }
            if (o instanceof ClassFileTransformer && transformerPath == null && resettable(o.getClass())) {
                transformerPath = path;
            }
            if (o.getClass().getName().equals("io.leakguard.agent.AgentRuntime")) {
                runtimeReached = true;
            }
            if (o instanceof ModuleLayer && ((ModuleLayer) o).findModule("io.leakguard.definer").isPresent()) {
                definerLayer = o;
            }
            if (o instanceof Class) {
                statics((Class<?>) o, path);
                continue;
            }
            if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character) {
                continue;
            }
            if (o.getClass().isArray()) {
                if (!o.getClass().getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        offer(Array.get(o, i), path + "[" + i + "]");
                    }
                }
                continue;
            }
            publicApi(o, path);
            for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
                Field[] fields;
                try {
                    fields = c.getDeclaredFields();
                } catch (Throwable t) {
                    continue;
                }
                for (Field f : fields) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        read(f, o, path + "." + f.getName());
                    }
                }
            }
        }
    }

    /** The kind of transformer the agent installs (Byte Buddy's own stateless ones do not count). */
    private static boolean resettable(Class<?> c) {
        for (; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().endsWith("ResettableClassFileTransformer") || resettable(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What JDK objects (whose fields are closed) give out through their public methods. */
    private void publicApi(Object o, String path) {
        try {
            if (o instanceof Collection) {
                int i = 0;
                for (Object e : ((Collection<?>) o).toArray()) {
                    offer(e, path + "<" + i++ + ">");
                }
            } else if (o instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                    offer(e.getKey(), path + "<key>");
                    offer(e.getValue(), path + "<" + e.getKey() + ">");
                }
            } else if (o instanceof Reference) {
                offer(((Reference<?>) o).get(), path + ".get()");
            } else if (o instanceof AtomicReference) {
                offer(((AtomicReference<?>) o).get(), path + ".get()");
            } else if (o instanceof Optional) {
                offer(((Optional<?>) o).orElse(null), path + ".get()");
            } else if (o instanceof ThreadLocal) {
                offer(((ThreadLocal<?>) o).get(), path + ".get()");
            }
        } catch (Throwable ignored) {
            // changed underneath, or refuses: nothing more to see there
        }
    }

    private static boolean keeperThreadRunning() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("leakguard-keeper") && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** The static fields of the module-held Keeper, tried by reflection: "closed" when none could be read. */
    private String keeperFields() {
        Optional<Module> m = definerLayer == null ? ModuleLayer.boot().findModule("io.leakguard.definer")
                : ((ModuleLayer) definerLayer).findModule("io.leakguard.definer");
        if (m.isEmpty()) {
            return "no module (layer not reached)";
        }
        try {
            Class<?> keeper = Class.forName(m.get(), "io.leakguard.agent.definer.Keeper");
            if (keeper == null) {
                return "no keeper class";
            }
            int readable = 0;
            for (Field f : keeper.getDeclaredFields()) {
                if (f.trySetAccessible()) {
                    readable++;
                }
            }
            return readable == 0 ? "closed" : readable + " readable";
        } catch (Throwable t) {
            return "error " + t;
        }
    }

    /** What the agent's promise is about: JDK internals opened with the agent's Instrumentation. */
    private static String abuse(Instrumentation inst) {
        try {
            Module javaBase = Object.class.getModule();
            Module me = InstrumentationProbe.class.getModule();
            inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(me)), Map.of(), Set.of(), Map.of());
            Class<?> c = Class.forName("jdk.internal.misc.Unsafe");
            c.getMethod("getUnsafe").invoke(null);
            return "open";
        } catch (Throwable t) {
            return "closed (" + t + ")";
        }
    }
}

package io.leakguard.agent;

import io.leakguard.agent.definer.BootDefiner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;

/**
 * Puts the bootstrap classes (the nested jar {@value BootstrapJar#RESOURCE}) into the boot class
 * loader, where advice inlined into {@code java.*} classes can see them.
 *
 * <p>They are defined there directly, from memory, rather than by appending a jar to the boot
 * class path: appending makes HotSpot switch class-data sharing off for every class outside the
 * boot loader and print "Sharing is only supported for boot loader classes because bootstrap
 * classpath has been appended" at each start, and it needs a file on disk. Defining a class in
 * the boot loader takes {@code jdk.internal.misc.Unsafe}; its package is exported only to a
 * one-class module created here for {@link BootDefiner}, never to the class path, where the
 * application would gain the same access.
 *
 * <p>Where that cannot be done (a JVM without that method, a security manager), the jar is
 * appended as before ({@link BootstrapJar}): the agent works the same, with the JVM's warning.
 */
final class BootClasses {
    private static final String PREFIX = "io/leakguard/bootstrap/";
    private static final String MODULE = "io.leakguard.definer";
    private static final String DEFINER = BootDefiner.class.getName();
    private static final String DEFINER_FILE = DEFINER.replace('.', '/') + ".class";

    /** How the classes got there: "defined", "appended" or "present" (attached a second time). */
    static volatile String how = "none";

    private BootClasses() {
    }

    static void install(Instrumentation inst) throws IOException {
        if (BootstrapJar.alreadyOnBootPath()) {
            how = "present";
            return;
        }
        // A damaged agent jar throws here: appending would not help either.
        byte[] nested = nestedJar();
        if (!"append".equals(System.getProperty("io.leakguard.debug.boot"))) {
            Map<String, byte[]> classes = ClassOrder.supertypesFirst(classesIn(nested));
            try {
                define(inst, classes);
                how = "defined";
                return;
            } catch (Throwable e) {
                // Falls through to appending; classes defined before the failure are found
                // first, the rest come from the jar.
                if (Boolean.getBoolean("io.leakguard.debug.startup")) {
                    System.err.println("leakguard: bootstrap classes appended instead of defined (" + e + ")");
                }
            }
        }
        BootstrapJar.append(inst, nested);
        how = "appended";
    }

    private static byte[] nestedJar() throws IOException {
        try (InputStream in = BootClasses.class.getClassLoader().getResourceAsStream(BootstrapJar.RESOURCE)) {
            if (in == null) {
                throw new IOException(BootstrapJar.RESOURCE + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /** The nested jar's classes, by binary name. */
    private static Map<String, byte[]> classesIn(byte[] nested) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(nested))) {
            JarEntry e;
            while ((e = jar.getNextJarEntry()) != null) {
                String n = e.getName();
                if (n.startsWith(PREFIX) && n.endsWith(".class")) {
                    out.put(n.substring(0, n.length() - 6).replace('/', '.'), jar.readAllBytes());
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(BootstrapJar.RESOURCE + " holds no classes");
        }
        return out;
    }

    private static void define(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
        byte[] definer;
        try (InputStream in = BootClasses.class.getClassLoader().getResourceAsStream(DEFINER_FILE)) {
            if (in == null) {
                throw new IOException(DEFINER_FILE + " is missing from the agent jar");
            }
            definer = in.readAllBytes();
        }
        ModuleLayer layer = definerLayer(definer);
        Module module = layer.findModule(MODULE).orElseThrow();
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.misc", Set.of(module)),
                Map.of(), Set.of(), Map.of());
        Class<?> c = layer.findLoader(MODULE).loadClass(DEFINER);
        c.getMethod("define", String[].class, byte[][].class).invoke(null,
                classes.keySet().toArray(new String[0]), classes.values().toArray(new byte[0][]));
    }

    /** A layer holding one module, {@value #MODULE}, with the definer class, served from memory. */
    private static ModuleLayer definerLayer(byte[] definer) {
        String pkg = DEFINER.substring(0, DEFINER.lastIndexOf('.'));
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(MODULE).packages(Set.of(pkg)).exports(pkg).build();
        ModuleReference ref = new ModuleReference(descriptor, null) {
            @Override
            public ModuleReader open() {
                return new ModuleReader() {
                    @Override
                    public Optional<URI> find(String name) {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<InputStream> open(String name) {
                        return DEFINER_FILE.equals(name) ? Optional.of(new ByteArrayInputStream(definer)) : Optional.empty();
                    }

                    @Override
                    public Stream<String> list() {
                        return Stream.of(DEFINER_FILE);
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return MODULE.equals(name) ? Optional.of(ref) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(ref);
            }
        };
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    }
}

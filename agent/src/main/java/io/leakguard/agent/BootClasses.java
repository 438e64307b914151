package io.leakguard.agent;

import io.leakguard.agent.definer.BootDefiner;
import io.leakguard.agent.definer.Keeper;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts the bootstrap classes (the nested jar {@value BootstrapJar#RESOURCE}) into the boot class
 * loader, where advice inlined into {@code java.*} classes can see them.
 *
 * <p>They are defined there directly, from memory, rather than by appending a jar to the boot
 * class path: appending makes HotSpot switch class-data sharing off for every class outside the
 * boot loader and print "Sharing is only supported for boot loader classes because bootstrap
 * classpath has been appended" at each start, and it needs a file on disk. Defining a class in
 * the boot loader takes {@code jdk.internal.misc.Unsafe}; its package is exported only to the
 * unnamed module of a class loader created here for {@link BootDefiner} alone and dropped after,
 * never to the class path, where the application would gain the same access.
 *
 * <p>Where that cannot be done (a JVM without that method, a security manager), the jar is
 * appended as before ({@link BootstrapJar}): the agent works the same, with the JVM's warning.
 *
 * <p>A module of its own holds {@link Keeper}, where the {@code Instrumentation} is kept for detach:
 * the agent's own classes are on the class path, where the application could read any static
 * field of theirs by reflection and use the Instrumentation to open any JDK package to itself.
 */
final class BootClasses {
    private static final String PREFIX = "io/leakguard/bootstrap/";
    private static final String MODULE = "io.leakguard.definer";
    private static final String DEFINER = BootDefiner.class.getName();
    private static final String DEFINER_FILE = DEFINER.replace('.', '/') + ".class";
    private static final String KEEPER = Keeper.class.getName();
    private static final String KEEPER_FILE = KEEPER.replace('.', '/') + ".class";

    /** The module's layer, created once per class loader; null until then or if it cannot be. */
    private static ModuleLayer layer;

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
        long t0 = System.nanoTime();
        byte[] nested = nestedJar();
        long t1 = System.nanoTime();
        if (!"append".equals(System.getProperty("io.leakguard.debug.boot"))) {
            Map<String, byte[]> classes = classesIn(nested);
            long t2 = System.nanoTime();
            try {
                int deferred = define(inst, classes);
                if (Boolean.getBoolean("io.leakguard.debug.startup")) {
                    System.err.println("leakguard: bootstrap classes: jar read in " + millis(t1 - t0) + " ms, "
                            + classes.size() + " unpacked in " + millis(t2 - t1) + " ms, defined in "
                            + millis(System.nanoTime() - t2) + " ms (" + deferred + " waited for a supertype)");
                }
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
        byte[] own = fromOwnJar(BootstrapJar.RESOURCE);
        if (own != null) {
            return own;
        }
        try (InputStream in = BootClasses.class.getClassLoader().getResourceAsStream(BootstrapJar.RESOURCE)) {
            if (in == null) {
                throw new IOException(BootstrapJar.RESOURCE + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /**
     * An entry of the agent's own jar, read with a JarFile on it; null if the agent was not
     * loaded from a jar file (then the class loader's resource lookup serves). A resource lookup
     * goes through jar: URLs, whose JDK classes (eight, none in the JDK's class-data archive)
     * cost 4-6 ms of every start-up; the JarFile shares the class path's open zip.
     */
    private static byte[] fromOwnJar(String entry) {
        try {
            java.security.CodeSource source = BootClasses.class.getProtectionDomain().getCodeSource();
            java.net.URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol()) || !location.getPath().endsWith(".jar")) {
                return null;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(new java.io.File(location.toURI()), false)) {
                java.util.zip.ZipEntry e = jar.getEntry(entry);
                if (e == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return null;
        }
    }

    /** The nested jar's classes, by binary name. */
    private static Map<String, byte[]> classesIn(byte[] nested) throws IOException {
        Map<String, byte[]> out = NestedJar.classes(nested, PREFIX);
        if (out.isEmpty()) {
            throw new IOException(BootstrapJar.RESOURCE + " holds no classes");
        }
        return out;
    }

    /**
     * The definer runs in a class loader of its own, made here and dropped after: its unnamed
     * module is the one jdk.internal.misc is exported to, distinct from the class path's (every
     * loader has its own unnamed module), and nothing keeps the loader, so no application code can
     * ever reach it. A module layer would do the same at ~20 ms of start-up (the module resolver
     * spins a dozen lambdas); the Keeper, which must hold state the class path cannot read by
     * reflection, still gets one, later and off the start-up path.
     *
     * @return how many times a definition waited for a supertype (debug output)
     */
    private static int define(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
        OneClassLoader loader = new OneClassLoader(DEFINER, classFile(DEFINER_FILE));
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())),
                Map.of(), Set.of(), Map.of());
        int[] deferred = new int[1];
        loader.job = new Object[] {classes.keySet().toArray(new String[0]), classes.values().toArray(new byte[0][]), deferred};
        // Initialising the definer runs it (its static initializer takes the job from the loader):
        // no reflective call, see BootDefiner.
        Class.forName(DEFINER, true, loader);
        return deferred[0];
    }

    private static String millis(long nanos) {
        return String.valueOf(nanos / 100_000 / 10.0);
    }

    /**
     * Defines one class from memory; everything else from the platform loader (the definer needs
     * only java.base). It also hands the definer its job, as a Supplier (a JDK type both sides see).
     */
    private static final class OneClassLoader extends ClassLoader implements java.util.function.Supplier<Object[]> {
        private final String name;
        private final byte[] classFile;
        /** The names, the class files and an int[1] for the count of definitions that waited. */
        Object[] job;

        OneClassLoader(String name, byte[] classFile) {
            super(BootDefiner.LOADER_NAME, ClassLoader.getPlatformClassLoader());
            this.name = name;
            this.classFile = classFile;
        }

        @Override
        protected Class<?> findClass(String n) throws ClassNotFoundException {
            if (!name.equals(n)) {
                throw new ClassNotFoundException(n);
            }
            return defineClass(n, classFile, 0, classFile.length);
        }

        @Override
        public Object[] get() {
            return job;
        }
    }

    /** The module's {@link Keeper} (never the class path's copy of it). */
    static Class<?> keeper() throws Exception {
        ModuleLayer l = layer();
        return l.findLoader(MODULE).loadClass(KEEPER);
    }

    private static synchronized ModuleLayer layer() throws IOException {
        if (layer == null) {
            layer = definerLayer(Map.of(KEEPER_FILE, classFile(KEEPER_FILE)));
        }
        return layer;
    }

    private static byte[] classFile(String name) throws IOException {
        byte[] own = fromOwnJar(name);
        if (own != null) {
            return own;
        }
        try (InputStream in = BootClasses.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /** A layer holding one module, {@value #MODULE}, with the Keeper class, served from memory. */
    private static ModuleLayer definerLayer(Map<String, byte[]> files) {
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
                        byte[] b = files.get(name);
                        return b != null ? Optional.of(new ByteArrayInputStream(b)) : Optional.empty();
                    }

                    @Override
                    public Stream<String> list() {
                        return files.keySet().stream();
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

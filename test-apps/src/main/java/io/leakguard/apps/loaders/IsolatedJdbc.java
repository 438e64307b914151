package io.leakguard.apps.loaders;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.example.plugins.OnlyJavaLoader;
import org.example.plugins.ParentLastLoader;

/**
 * Opens an H2 connection through a driver that a class loader of its own defined, creates a
 * statement, runs a query, and closes everything ("clean") or keeps the connection and the
 * statement open to the end ("leak", lines marked for the end-to-end tests). Exits 0.
 *
 * <p>Arguments: the loader (only-java, parent-last, named-module, hidden-loader), clean or leak,
 * and optionally "await": create the loader, print the pid, and wait for an agent to be attached
 * before using it.
 */
public final class IsolatedJdbc {
    private static final List<Object> HELD = new ArrayList<>();

    private IsolatedJdbc() {
    }

    public static void main(String[] args) throws Throwable {
        String kind = args[0];
        boolean leak = "leak".equals(args[1]);
        boolean await = args.length > 2 && "await".equals(args[2]);
        Path h2 = h2Jar();
        ClassLoader loader = loader(kind, h2);
        if (await) {
            System.out.println("IsolatedJdbc pid " + ProcessHandle.current().pid() + " ready");
            System.out.flush();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.getProperty("leakguard.agent.version") == null) {
                if (System.nanoTime() > deadline) {
                    System.out.println("IsolatedJdbc: no agent attached");
                    System.exit(2);
                }
                Thread.sleep(20);
            }
        }
        Driver driver = (Driver) Class.forName("org.h2.Driver", true, loader).getConstructor().newInstance();
        if (driver.getClass().getClassLoader() != loader) {
            throw new IllegalStateException("the driver came from " + driver.getClass().getClassLoader());
        }
        Connection c = driver.connect("jdbc:h2:mem:isolated;DB_CLOSE_DELAY=-1", new Properties()); // LEAK: connection
        Statement s = c.createStatement();                                                           // LEAK: statement
        int rows = 0;
        try (ResultSet rs = s.executeQuery("select x from system_range(1, 3)")) {
            while (rs.next()) {
                rows++;
            }
        }
        if (leak) {
            HELD.add(c);
            HELD.add(s);
        } else {
            s.close();
            c.close();
        }
        System.out.println("IsolatedJdbc: " + kind + " rows " + rows + (leak ? " holding 2" : " closed"));
    }

    private static Path h2Jar() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Paths.get(e).getFileName().toString();
            if (name.startsWith("h2-") && name.endsWith(".jar")) {
                return Paths.get(e);
            }
        }
        throw new IllegalStateException("no H2 jar on the class path");
    }

    private static ClassLoader loader(String kind, Path h2) throws Throwable {
        switch (kind) {
            case "only-java":
                return new OnlyJavaLoader(h2.toString());
            case "parent-last":
                return new ParentLastLoader(h2.toUri().toURL());
            case "named-module":
                return namedModule(h2).getClassLoader();
            case "hidden-loader":
                return hiddenLoader(h2);
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    /**
     * H2 as an explicit named module (not an automatic one, which would read every unnamed
     * module) in a layer of its own: it reads java.base and what it requires, nothing else. The
     * layer's loader (the JDK's) asks its parent for every class outside the layer's modules; the
     * parent is a plug-in loader that sees only the platform.
     */
    private static Module namedModule(Path h2) throws java.io.IOException {
        ModuleReference auto = ModuleFinder.of(h2).findAll().iterator().next();
        Set<String> packages = auto.descriptor().packages();
        ModuleDescriptor.Builder b = ModuleDescriptor.newModule("isolated.h2")
                .requires("java.sql").requires("java.naming").requires("java.management").requires("java.logging")
                .packages(packages);
        for (String p : packages) {
            b.exports(p);
        }
        ModuleReference ref = new ModuleReference(b.build(), auto.location().orElse(null)) {
            @Override
            public ModuleReader open() throws java.io.IOException {
                return auto.open();
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return "isolated.h2".equals(name) ? Optional.of(ref) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(ref);
            }
        };
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("isolated.h2"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, new OnlyJavaLoader(h2.toString()));
        return layer.findModule("isolated.h2").orElseThrow();
    }

    /**
     * The only-java loader defined as a hidden class: the JVM never shows a hidden class to an
     * agent, so this loader cannot be changed to see the agent's classes.
     */
    private static ClassLoader hiddenLoader(Path h2) throws Throwable {
        byte[] bytes;
        try (java.io.InputStream in = OnlyJavaLoader.class.getResourceAsStream("OnlyJavaLoader.class")) {
            bytes = in.readAllBytes();
        }
        MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(OnlyJavaLoader.class, MethodHandles.lookup());
        Class<?> hidden = inPackage.defineHiddenClass(bytes, true).lookupClass();
        return (ClassLoader) inPackage.findConstructor(hidden, MethodType.methodType(void.class, String.class))
                .invoke(h2.toString());
    }
}

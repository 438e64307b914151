package io.leakguard.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Installs every target's advice. JDK types are already loaded when premain runs, so they are
 * retransformed: advice only, no new members (disableClassFormatChanges), which is what the JVM
 * allows for a loaded class.
 */
public final class Instrumenter {
    private Instrumenter() {
    }

    /**
     * Byte Buddy's default initialization strategy builds its "Nexus" (class injection through
     * sun.misc.Unsafe) even though we then switch it off; on JDK 24+ that prints a warning into
     * the host's log. Our advice needs no initializers, so the Nexus is disabled up front. The
     * property is in our relocated namespace and touches nobody else's Byte Buddy.
     */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    /**
     * @param attached loaded into a running JVM: classes already loaded (the drivers and pools
     *     too, now) are retransformed in small batches with pauses, since each batch stops the world
     */
    private static java.util.Set<String> binaryNames(List<Target> targets) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Target t : targets) {
            names.add(t.typeName());
        }
        return names;
    }

    private static Class<?>[] loadedByName(Instrumentation inst, List<Target> targets) {
        java.util.Set<String> names = binaryNames(targets);
        List<Class<?>> out = new java.util.ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if ((names.contains(c.getName()) || applicationLoader(c)) && inst.isModifiableClass(c)) {
                out.add(c);
            }
        }
        return out.toArray(new Class<?>[0]);
    }

    /**
     * A class loader class of the application's already loaded at premain (a custom system class
     * loader is, -Djava.system.class.loader): it gets the loaders' advice like one loaded later.
     */
    private static boolean applicationLoader(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l != null && l != ClassLoader.getPlatformClassLoader() && ClassLoader.class.isAssignableFrom(c)
                && !c.getName().startsWith("io.leakguard.");
    }

    /**
     * Reads one JDK class file through a {@code jrt:} URL, as Byte Buddy's class file locators
     * do, so that the JDK classes behind it (the jrt handler's URL connection, the image reader's
     * buffers) are loaded before our transformer is registered. Loaded later, from inside a
     * transform (ours describing a class, another agent's transformer called back for that very
     * class), such a class is asked for while it is being loaded: a ClassCircularityError, which
     * the JVM then keeps for every later jrt read in the process. Seen with the OpenTelemetry agent
     * starting while leakguard installed in the background.
     */
    private static void loadJrtReader() {
        try (java.io.InputStream in = java.net.URI.create("jrt:/java.base/java/lang/Object.class").toURL().openStream()) {
            in.readAllBytes();
        } catch (Exception | LinkageError e) {
            // Not a modular runtime image: no jrt reads to protect.
        }
    }

    /**
     * @param background installed from premain on a background thread: the application runs
     *     meanwhile, so its classes loaded by then are checked too (see {@link LoadedAtInstall})
     */
    public static ResettableClassFileTransformer install(Instrumentation inst, List<Target> targets, boolean attached,
                                                         boolean background) {
        System.setProperty(NEXUS_DISABLED, "true");
        loadJrtReader();
        AgentBuilder.RedefinitionListenable.WithoutBatchStrategy redefinition =
                new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                        .disableClassFormatChanges()
                        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        AgentBuilder.RedefinitionListenable listenable = attached
                ? redefinition.with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(25))
                        .with(AgentBuilder.RedefinitionStrategy.Listener.Pausing.of(5, TimeUnit.MILLISECONDS))
                // At JVM start only JDK classes are loaded, and we know them by name: retransform
                // just those, instead of matching every loaded class (a large part of start-up).
                : background ? redefinition.with(new LoadedAtInstall(binaryNames(targets)))
                : redefinition.with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(
                        loadedByName(inst, targets)));
        listenable = listenable
                .with(AgentBuilder.RedefinitionStrategy.Listener.BatchReallocator.splitting())
                .with(new RetransformFailures());
        if (Boolean.getBoolean("io.leakguard.debug.transform")) {
            listenable = listenable.with(AgentBuilder.RedefinitionStrategy.Listener.StreamWriting.toSystemError());
        }
        AgentBuilder builder = listenable;
        java.util.Set<String> jdkNames = new java.util.HashSet<>();
        for (Target t : targets) {
            jdkNames.add(t.typeName().replace('.', '/'));
        }
        builder = builder
                .with(new JdkClassFilter(jdkNames))
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new InstrumentationListener())
                // A class in a named module (a driver in a module layer) reads the boot loader's
                // unnamed module, where the advice's calls go. HotSpot adds this edge itself for a
                // class an agent transformed (jdk.internal.module.Modules.transformedByAgent);
                // this is for a JVM that does not, and costs one canRead per transformed class.
                .assureReadEdgeTo(inst, io.leakguard.bootstrap.Tracker.class)
                // Byte Buddy ignores boot classes by default; we want exactly the JDK types we name.
                .ignore(nameStartsWith("io.leakguard.").or(isSynthetic()));
        long t0 = System.nanoTime();
        AgentBuilder.Identified.Extendable ext = null;
        for (Target t : targets) {
            if (!t.appliesToRuntime()) {
                continue;
            }
            final AsmVisitorWrapper advice = t.advice();
            AgentBuilder.Transformer transformer = (b, type, loader, module, domain) -> b.visit(advice);
            AgentBuilder.RawMatcher type = new AgentBuilder.RawMatcher.ForElementMatchers(t.type());
            ext = (ext == null ? builder : ext).type(t.callsBootstrap() ? new BootVisibility(type) : type)
                    .transform(transformer);
        }
        long t1 = System.nanoTime();
        ResettableClassFileTransformer installed = (ext == null ? builder : ext).installOn(inst);
        if (Boolean.getBoolean("io.leakguard.debug.startup")) {
            System.err.println("leakguard: advice built in " + (t1 - t0) / 1_000_000 + " ms, installed and "
                    + "retransformed in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        return installed;
    }
}

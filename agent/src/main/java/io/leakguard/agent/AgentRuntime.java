package io.leakguard.agent;

import io.leakguard.agent.config.BootstrapSettings;
import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.ConfigException;
import io.leakguard.agent.config.ConfigLoader;
import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.instrument.Instrumenter;
import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.ci.JUnit4EachTestNotifierTarget;
import io.leakguard.agent.instrument.ci.JupiterClassTarget;
import io.leakguard.agent.instrument.ci.JupiterTestMethodTarget;
import io.leakguard.agent.instrument.file.FileTargets;
import io.leakguard.agent.instrument.io.IoTargets;
import io.leakguard.agent.instrument.thread.ThreadTargets;
import io.leakguard.agent.instrument.jdbc.JdbcTargets;
import io.leakguard.agent.instrument.jvm.ApplicationShutdownHooksTarget;
import io.leakguard.agent.instrument.lock.LockTargets;
import io.leakguard.agent.instrument.socket.SocketTargets;
import io.leakguard.agent.jmx.AgentControl;
import io.leakguard.agent.jmx.ControlledAgent;
import io.leakguard.agent.metrics.MetricsSnapshot;
import io.leakguard.agent.metrics.PrometheusEndpoint;
import io.leakguard.agent.report.BaselineSeen;
import io.leakguard.agent.report.CiHtmlReport;
import io.leakguard.agent.report.JsonLinesReporter;
import io.leakguard.agent.report.ProcFds;
import io.leakguard.agent.report.Reporter;
import io.leakguard.agent.report.TextReporter;
import io.leakguard.agent.report.jfr.JfrReporter;
import io.leakguard.agent.scan.LockWatch;
import io.leakguard.agent.scan.PressureMonitor;
import io.leakguard.agent.scan.Scanner;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.AgentThread;
import io.leakguard.bootstrap.CiTests;
import io.leakguard.bootstrap.Exemptions;
import io.leakguard.bootstrap.Clock;
import io.leakguard.bootstrap.JdbcPolicy;
import io.leakguard.bootstrap.LockOwners;
import io.leakguard.bootstrap.Locks;
import io.leakguard.bootstrap.NetPolicy;
import io.leakguard.bootstrap.Pressure;
import io.leakguard.bootstrap.Threads;
import io.leakguard.bootstrap.Tracker;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The running agent: wires it together once the bootstrap classes are on the boot class path,
 * changes settings live, and takes itself out again (detach). One instance per JVM.
 */
public final class AgentRuntime implements ControlledAgent {
    /** Set while the agent runs, so `list` can tell which JVMs have it. */
    static final String LOADED_PROPERTY = io.leakguard.agent.config.ConfigLoader.AGENT_VERSION_PROPERTY;

    private static AgentRuntime running;

    // No Instrumentation field, here or anywhere on the class path: the application could read
    // it by reflection (see BootClasses). It and the transformer are kept in the Keeper.
    private volatile Config config;
    private Scanner scanner;
    private Thread scanThread;
    private LockWatch lockWatch;
    /** ci.baseline: marks the sites that leaked, lists the fixed ones at exit; null outside ci mode. */
    private BaselineSeen baselineSeen;
    /** ci mode: report.html next to report.json, written after the exit report; null outside ci mode. */
    private CiHtmlReport ciHtml;
    private Thread lockThread;
    private PressureMonitor pressure;
    /** Statement and result set calls are advised as connection use (enforce mode at start). */
    private boolean useTracked;
    private Thread pressureThread;
    private PrometheusEndpoint metricsEndpoint;
    private Thread clockThread;
    private Thread exitHook;
    /** Whether the Keeper holds the instrumentation and transformer, so detach can restore the bytecode. */
    private volatile boolean kept;
    /** Hands the instrumentation to the Keeper off the start-up path (its module costs ~20 ms to create). */
    private Thread keeping;
    /** Counted down by a detach: the hand-over to the Keeper is not delayed any longer. */
    private final java.util.concurrent.CountDownLatch keepNow = new java.util.concurrent.CountDownLatch(1);
    private static final long KEEP_DELAY_MILLIS = 1_500;
    private Map<Integer, String> fdsAtAttach;

    private AgentRuntime(Config config) {
        this.config = config;
    }

    /** premain (attached = false) or agentmain (attached = true). A second start changes settings. */
    static synchronized void start(Config config, Instrumentation inst, boolean attached, String args, boolean background) {
        if (running != null) {
            try {
                String changed = running.change(args == null ? "" : args);
                System.err.println("leakguard: already running in this JVM; " + changed);
                if (attached) {
                    AttachAnswer.ok(changed);
                }
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                if (attached) {
                    AttachAnswer.refused(e.getMessage());
                }
            }
            return;
        }
        AgentRuntime rt = new AgentRuntime(config);
        rt.begin(inst, attached, background);
        running = rt;
        if (attached) {
            AttachAnswer.ok("started");
        }
    }

    @Override
    public String version() {
        return BuildInfo.VERSION;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Scanner scan() {
        return scanner;
    }

    @Override
    public Map<Integer, String> fdsAtAttach() {
        return fdsAtAttach;
    }

    /** The agent's own files (its jar, the bootstrap jar copy): never the application's. */
    private static boolean agentsOwn(String target) {
        try {
            java.nio.file.Path boot = BootstrapJar.written;
            String jar = Paths.get(AgentRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return target.equals(jar) || (boot != null && target.equals(boot.toString()));
        } catch (Exception e) {
            return false;
        }
    }

    private void begin(Instrumentation inst, boolean attached, boolean background) {
        long started = System.nanoTime();
        if (attached) {
            fdsAtAttach = ProcFds.read();
            fdsAtAttach.values().removeIf(AgentRuntime::agentsOwn);
        }
        configureTracker(config);
        useTracked = config.on("jdbc") && config.mode() == Config.Mode.ENFORCE;
        applyReclaim(config);
        readBootClasses(inst);

        List<Reporter> reporters = new ArrayList<>();
        if (config.on("report.stderr")) {
            reporters.add(new TextReporter(System.err));
        }
        String json = config.path("report.json");
        if (json == null && config.mode() == Config.Mode.CI) {
            json = "target/leakguard/report.json";
        }
        if (json != null) {
            reporters.add(new JsonLinesReporter(Paths.get(json)));
        }
        if (config.on("jfr") && ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            reporters.add(new JfrReporter());
        }
        if (config.mode() == Config.Mode.CI) {
            openClassLookups(inst);
            baselineSeen = new BaselineSeen(System.err);
            reporters.add(baselineSeen);
            ciHtml = new CiHtmlReport(Paths.get(json).toAbsolutePath().resolveSibling("report.html"), BuildInfo.VERSION,
                    System.err);
            reporters.add(ciHtml);
        }
        // Anonymous classes here, not lambdas or method references: each of those is spun into a
        // class at premain by the JDK's own bytecode generator, 6-10 ms of start-up CPU for the six.
        clockThread = new AgentThread(new Runnable() {
            @Override
            public void run() {
                Clock.run();
            }
        }, "leakguard-clock");
        clockThread.start();
        scanner = new Scanner(config, reporters);
        scanThread = new AgentThread(scanner, "leakguard-scanner");
        scanThread.start();
        if (config.on("lock")) {
            openLocksPackage(inst);
            io.leakguard.agent.scan.Exemptions exemptions = scanner.exemptions();
            lockWatch = new LockWatch(config.millis("lock.wait-timeout"), config.millis("lock.hold-warn"), reporters,
                    new Predicate<String>() {
                        @Override
                        public boolean test(String frame) {
                            return exemptions.isIgnoredFrame(frame);
                        }
                    });
            LockWatch watch = lockWatch;
            scanner.addExitFindings(new Supplier<List<Finding>>() {
                @Override
                public List<Finding> get() {
                    return watch.summary();
                }
            });
            lockThread = new AgentThread(lockWatch, "leakguard-locks");
            lockThread.start();
        }
        if (config.on("pressure")) {
            pressure = new PressureMonitor(reporters, System.err, scanner);
            applyPressure(config);
            PressureMonitor monitor = pressure;
            scanner.addExitFindings(new Supplier<List<Finding>>() {
                @Override
                public List<Finding> get() {
                    return monitor.summary();
                }
            });
            pressureThread = new AgentThread(pressure, "leakguard-pressure");
            pressureThread.start();
        }
        int metricsPort = config.integer("metrics.port");
        if (metricsPort > 0) {
            try {
                metricsEndpoint = PrometheusEndpoint.start(config.raw("metrics.host"), metricsPort, this::metrics);
            } catch (Exception e) {
                System.err.println("leakguard: metrics endpoint not started: cannot listen on " + config.raw("metrics.host")
                        + ":" + metricsPort + " (" + e.getMessage() + "); everything else runs");
            }
        }
        List<JdkTarget> jdkTargets = new ArrayList<>();
        List<InterfaceTarget> interfaces = new ArrayList<>();
        List<AppTarget> appTargets = new ArrayList<>();
        List<String> families = new ArrayList<>();
        if (config.on("file")) {
            jdkTargets.addAll(FileTargets.all());
            families.add("files");
        }
        if (config.on("socket")) {
            jdkTargets.addAll(SocketTargets.all());
            families.add("sockets");
        }
        if (config.millis("io.slow") > 0 && (config.on("file") || config.on("socket"))) {
            IoTargets.addTo(jdkTargets, config.on("file"), config.on("socket"));
        }
        if (config.on("jdbc")) {
            interfaces.addAll(JdbcTargets.interfaces(useTracked));
            appTargets.addAll(JdbcTargets.pools());
            families.add("JDBC");
        }
        if (config.on("thread")) {
            jdkTargets.addAll(ThreadTargets.all());
            families.add("threads");
        }
        if (config.on("lock")) {
            jdkTargets.addAll(LockTargets.all(config.mode() == Config.Mode.ENFORCE && "throw".equals(config.raw("lock.on-timeout"))));
            families.add("locks");
        }
        if (!jdkTargets.isEmpty() || !interfaces.isEmpty()) {
            // What the JVM's exit opens (another agent's shutdown hook) is not the program's.
            jdkTargets.add(new ApplicationShutdownHooksTarget());
        }
        if (config.mode() == Config.Mode.CI) {
            appTargets.add(new JupiterTestMethodTarget());
            appTargets.add(new JUnit4EachTestNotifierTarget());
            appTargets.add(new JupiterClassTarget()); // issue 18 rule 5: a class's fixtures are judged at its end
        }
        configureCi(config, scanner);
        Tracker.warmUp();
        long t0 = System.nanoTime();
        if (Boolean.getBoolean("io.leakguard.debug.startup")) {
            System.err.println("leakguard: runtime set up in " + (t0 - started) / 1_000_000 + " ms");
        }
        keepForDetach(inst, Instrumenter.install(inst, jdkTargets, appTargets, interfaces, attached));
        if (Boolean.getBoolean("io.leakguard.debug.startup")) {
            System.err.println("leakguard: instrumentation installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        if (pressure != null && Pressure.refusing()) {
            // Enforce mode refuses opens at critical descriptor pressure from the first line: that
            // needs the monitor's first reading of the limit (a burst in main's first
            // milliseconds otherwise met "Too many open files" instead).
            pressure.awaitFirstReading(2_000);
        }
        // The platform MBean server costs ~100 ms to bring up: off the start-up path.
        new AgentThread(new Runnable() {
            @Override
            public void run() {
                registerMBean();
            }
        }, "leakguard-jmx").start();
        // Registered only now: a program that ends while a background install runs gets no report
        // about a tracker that never started (addShutdownHook throws then, and the caller says nothing).
        exitHook = new AgentThread(new Runnable() {
            @Override
            public void run() {
                exitReport();
            }
        }, "leakguard-exit-report");
        Runtime.getRuntime().addShutdownHook(exitHook);
        // Only now: the installation itself (reading class files) is not the application's doing.
        Tracker.setActive(true);
        // After the tracker is on: a program that waits for this property to say the agent is
        // ready must find every acquisition after it tracked.
        System.setProperty(LOADED_PROPERTY, BuildInfo.VERSION);
        if (config.on("report.stderr")) {
            System.err.println("leakguard " + BuildInfo.VERSION + ": on (mode " + config.raw("mode") + "; tracking "
                    + (families.isEmpty() ? "nothing" : String.join(", ", families))
                    + (attached ? "; attached to a running JVM" : "")
                    + (background ? "; installed in the background in " + (System.nanoTime() - started) / 1_000_000
                            + " ms, what was opened before is not tracked" : "") + ")");
        }
    }

    /** Every exported number, now (Prometheus endpoint, MBean). */
    @Override
    public MetricsSnapshot metrics() {
        return MetricsSnapshot.take(scanner.pastWarn(), scanner.pastCritical(), scanner.lastScanCpuNanos(),
                scanner.lastScanRecords());
    }

    /**
     * Connection reclaim needs to know when a connection was last used: every JDBC call says so,
     * once the advice for it is installed (enforce mode at start). Without it no connection is
     * reclaimed: age alone is no evidence.
     */
    private void applyReclaim(Config c) {
        JdbcPolicy.trackUse(c.mode() == Config.Mode.ENFORCE && Scanner.reclaimFamilies(c).contains("jdbc") && useTracked);
    }

    private void applyPressure(Config c) {
        boolean enforce = c.mode() == Config.Mode.ENFORCE;
        Pressure.configure(enforce && c.on("pressure") && c.on("pressure.refuse"));
        java.util.List<String> families = Scanner.reclaimFamilies(c);
        if (pressure != null) {
            pressure.apply(enforce, c.on("pressure.dump"), c.on("pressure.reclaim"));
            pressure.reclaimFamilies(families.contains("jdbc"), families.contains("file"), families.contains("socket"));
            if (Pressure.refusing()) {
                // The refusal needs the limits from the first line: read them now, alongside premain.
                pressure.readNow();
            }
        }
    }

    /**
     * The shutdown hook: the lock watch stops taking ending threads for dead owners and the
     * pressure monitor stops reporting (each after a check under way), then the report.
     */
    private void exitReport() {
        if (lockWatch != null) {
            lockWatch.exiting();
        }
        if (pressure != null) {
            pressure.exiting();
        }
        scanner.finish();
        if (baselineSeen != null) {
            baselineSeen.printFixed();
        }
        if (ciHtml != null) {
            ciHtml.write();
        }
    }

    /**
     * A moment after start, not at once: the platform MBean server costs ~100 ms of CPU to bring up,
     * which a program that ends at once (a CLI, a test JVM's first second) should not pay, and
     * which would compete with the program's own start-up. The CLI waits up to 5 s for it.
     */
    private static final long MBEAN_DELAY_MILLIS = 1000;

    private void registerMBean() {
        try {
            Thread.sleep(MBEAN_DELAY_MILLIS);
            AgentControl.register(this);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            AgentErrors.record("jmx", t);
        }
    }

    private static void configureTracker(Config config) {
        NetPolicy.configure(BootstrapSettings.net(config));
        Tracker.configure(BootstrapSettings.tracker(config));
        Locks.configure(BootstrapSettings.locks(config));
        JdbcPolicy.configure(BootstrapSettings.jdbc(config));
        Threads.configure(config.on("thread"));
    }

    private static void configureCi(Config config, Scanner scanner) {
        CiTests.configure(BootstrapSettings.ci(config, new Exemptions() {
            @Override
            public boolean ignored(io.leakguard.bootstrap.Record r) {
                return scanner.isIgnored(r);
            }

            @Override
            public boolean ignoredSite(io.leakguard.bootstrap.Site site) {
                return scanner.exemptions().isIgnoredSite(site);
            }
        }));
    }

    /** Applies key=value changes live; returns a one-line account of what changed. */
    @Override
    public synchronized String change(String changes) throws ConfigException {
        Config next = ConfigLoader.change(config, changes);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : next.values().entrySet()) {
            if (!e.getValue().equals(config.raw(e.getKey()))) {
                changed.add(e.getKey() + "=" + e.getValue());
            }
        }
        configureTracker(next);
        scanner.apply(next);
        applyReclaim(next);
        if (lockWatch != null) {
            lockWatch.apply(next.millis("lock.wait-timeout"), next.millis("lock.hold-warn"));
        }
        applyPressure(next);
        configureCi(next, scanner);
        config = next;
        return changed.isEmpty() ? "settings unchanged" : "changed " + String.join(", ", changed);
    }

    /**
     * Restores the original bytecode of every instrumented class, stops the agent's threads and
     * unregisters its MBean. The application keeps running, untracked.
     */
    @Override
    public String detach() {
        synchronized (AgentRuntime.class) {
            if (running != this) {
                return "not running";
            }
            Tracker.setActive(false);
            Boolean restored = restore();
            scanner.stop();
            scanThread.interrupt();
            Locks.stop();
            if (lockWatch != null) {
                lockWatch.stop();
                lockThread.interrupt();
            }
            Pressure.configure(false);
            if (pressure != null) {
                pressure.stop();
                pressureThread.interrupt();
            }
            if (metricsEndpoint != null) {
                metricsEndpoint.stop();
            }
            clockThread.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting anyway.
            }
            AgentControl.unregister();
            System.clearProperty(LOADED_PROPERTY);
            running = null;
            String msg = "leakguard: detached; " + (restored == null ? "the original bytecode could not be restored "
                    + "(the advice stays, inactive)" : restored ? "original bytecode restored" : "nothing was instrumented")
                    + "; the application runs on untracked";
            if (config.on("report.stderr")) {
                System.err.println(msg);
            }
            return msg;
        }
    }

    /**
     * The Keeper's module layer takes ~20 ms of CPU to resolve and define (lambdas spun in the
     * module resolver): done on a thread of its own, and only {@value #KEEP_DELAY_MILLIS} ms after
     * start, so a short program (a CLI, a test JVM) never pays for it and a long one does not pay
     * while it starts. A detach asks for it at once ({@link #restore}). Nothing on the class path
     * holds the instrumentation meanwhile: only the thread's runnable, which the application
     * cannot read (java.lang is not open to it).
     */
    private void keepForDetach(Instrumentation inst, Instrumenter installed) {
        Runnable handOff = new Runnable() {
            @Override
            public void run() {
                try {
                    keepNow.await(KEEP_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // kept at once
                }
                kept = keep(inst, installed);
            }
        };
        keeping = new AgentThread(handOff, "leakguard-keeper");
        keeping.start();
    }

    /**
     * Hands the instrumentation and the installed transformer to the Keeper, in its own module,
     * for detach; nothing on the class path keeps either. False if that module cannot be had (a
     * security manager): then detach cannot restore the bytecode, and the application still
     * cannot reach the instrumentation.
     */
    private static boolean keep(Instrumentation inst, Instrumenter transformer) {
        try {
            Class<?> keeper = BootClasses.keeper();
            Object ok = keeper.getMethod("keep", Object.class, Object.class, java.lang.reflect.Method.class, Object.class)
                    .invoke(null, inst, transformer, Instrumenter.class.getMethod("reset",
                            Instrumentation.class, Object.class), "retransformation");
            return Boolean.TRUE.equals(ok);
        } catch (Throwable t) {
            AgentErrors.record("keeping the instrumentation for detach", t);
            return false;
        }
    }

    /** Restores the original bytecode through the Keeper: true, false (nothing instrumented), null (cannot). */
    private Boolean restore() {
        // The hand-over takes ~20 ms and always ends: wait for it whatever happens, or a late one
        // would leave the Keeper holding this runtime's instrumentation after a failed detach.
        keepNow.countDown();
        Thread k = keeping;
        boolean interrupted = false;
        while (k != null && k.isAlive()) {
            try {
                k.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!kept) {
            return null;
        }
        try {
            Object r = BootClasses.keeper().getMethod("reset").invoke(null);
            return r instanceof Boolean ? (Boolean) r : null;
        } catch (Throwable t) {
            AgentErrors.record("detach", t);
            return null;
        }
    }

    /**
     * The lock watch reads a lock's owner (AbstractOwnableSynchronizer's exclusiveOwnerThread)
     * and a read/write lock's read count, which the JDK keeps non-public: open that one package
     * to the bootstrap classes' module, which does the reading.
     */
    private static void openLocksPackage(Instrumentation inst) {
        Module boot = Tracker.class.getModule();
        Module javaBase = Object.class.getModule();
        String pkg = "java.util.concurrent.locks";
        if (!javaBase.isOpen(pkg, boot)) {
            inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of(pkg, Set.of(boot)), Set.of(), Map.of());
        }
        LockOwners.init();
    }

    /**
     * ci mode, rule 5 for stacks through loaders other than the system one (a per-test-class
     * loader): the bootstrap classes find a class a loader already loaded
     * (ClassLoader.findLoadedClass, in java.lang) and ask whether it is initialized
     * (jdk.internal.misc.Unsafe), so that reading its statics runs nothing of the application's.
     * Opened to the boot loader's unnamed module only, never to the class path's. A JVM that
     * refuses leaves rule 5 to the system loader's classes, as before.
     */
    private static void openClassLookups(Instrumentation inst) {
        try {
            Module boot = Tracker.class.getModule();
            Module javaBase = Object.class.getModule();
            if (!javaBase.isExported("jdk.internal.misc", boot) || !javaBase.isOpen("java.lang", boot)) {
                inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(boot)),
                        Map.of("java.lang", Set.of(boot)), Set.of(), Map.of());
            }
            io.leakguard.bootstrap.ClassOwned.classLookupsOpened(new java.util.function.Supplier<Class<?>[]>() {
                @Override
                public Class<?>[] get() {
                    return inst.getAllLoadedClasses();
                }
            });
        } catch (RuntimeException e) {
            AgentErrors.record("ci class lookups", e);
        }
    }

    /**
     * Advice inlined into java.base calls the bootstrap classes, which live in the boot loader's
     * unnamed module: make sure java.base reads it.
     */
    private static void readBootClasses(Instrumentation inst) {
        Module boot = Tracker.class.getModule();
        Module javaBase = Object.class.getModule();
        if (!javaBase.canRead(boot)) {
            inst.redefineModule(javaBase, Set.of(boot), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}

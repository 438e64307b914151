package io.leakguard.agent.instrument;

import io.leakguard.agent.instrument.ci.CallSiteMarks;
import io.leakguard.agent.instrument.loader.BootDelegation;
import io.leakguard.agent.instrument.weave.HookWeaver;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.CallSites;
import io.leakguard.bootstrap.DriverClasses;
import io.leakguard.bootstrap.Frames;
import io.leakguard.bootstrap.MockAnswers;
import io.leakguard.bootstrap.Tracker;
import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The agent's one class file transformer. Each class that loads is handed to at most one of:
 * <ul>
 * <li>the {@link HookWeaver}, for the JDK classes leakguard names (boot and platform loaders;
 *     every other JDK class is passed over by a map lookup, nothing parsed);</li>
 * <li>the {@link HookWeaver} again, for an application class named by a target (a pool's or a
 *     test framework's), and for an implementation of a JDBC interface (found by
 *     {@link SuperTypes}), with the hooks of every interface it implements (an interface that
 *     extends one: its default methods);</li>
 * <li>the {@link BootDelegation} prologue, for an application class loader declaring loadClass
 *     (before the hooks, if it is both).</li>
 * </ul>
 * Other agents' own classes (thousands while the OpenTelemetry agent starts) are never a
 * resource type: passed over unread. Every failure is the agent's: counted, reported once per
 * class, and the class loads unchanged.
 */
final class WeavingTransformer implements ClassFileTransformer {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final String[] OTHER_AGENTS = {"io/opentelemetry/javaagent/", "net/bytebuddy/",
        "io/leakguard/", "datadog/trace/", "com/datadog/", "co/elastic/apm/", "com/newrelic/"};
    /** The agent's own code: never woven at all (its programs and benchmarks under io/leakguard/ get call-site marks). */
    private static final String[] AGENT_ITSELF = {"io/leakguard/agent/", "io/leakguard/shaded/", "io/leakguard/bootstrap/"};

    private final Map<String, JdkTarget> jdk;
    /** Application classes woven by name (ci mode's test-framework classes), by internal name. */
    private final Map<String, JdkTarget> applicationByName;
    /** Per {@link SuperTypes} bit (by its position): the hooks of that interface's implementations. */
    private final List<MethodHooks>[] byType;
    /** The {@link SuperTypes} bits some interface target is for. */
    private final int hierarchyTypes;
    /** The hooks for each combination of bits, made on first use. */
    private final Map<Integer, List<MethodHooks>> combined = new ConcurrentHashMap<>();
    private final boolean loaders;
    private final SuperTypes superTypes = new SuperTypes();
    /** Binary names of the classes changed, for detach to give back their original code. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    /**
     * @param jdk the JDK classes to weave, by internal name
     * @param applicationByName application classes to weave the same way, by internal name
     * @param byType per {@link SuperTypes} bit position, the hooks of the implementations of that
     *     interface, or null
     * @param loaders whether application class loaders get the boot-delegation prologue
     */
    WeavingTransformer(Map<String, JdkTarget> jdk, Map<String, JdkTarget> applicationByName, List<MethodHooks>[] byType,
                       boolean loaders) {
        this.jdk = jdk;
        this.applicationByName = applicationByName;
        this.byType = byType;
        int bits = 0;
        for (int i = 0; i < byType.length; i++) {
            if (byType[i] != null) {
                bits |= 1 << i;
            }
        }
        this.hierarchyTypes = bits;
        this.loaders = loaders;
    }

    /** Time spent weaving JDK classes, for -Dio.leakguard.debug.startup (a race between threads only blurs a debug figure). */
    private long jdkWeavingNanos;

    long jdkWeavingNanos() {
        return jdkWeavingNanos;
    }

    Set<String> changed() {
        return changed;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (name == null) {
            return null;
        }
        try {
            byte[] out;
            if (loader == null || loader == PLATFORM) {
                JdkTarget t = jdk.get(name);
                if (t == null) {
                    if (loader == null && name.equals(MockAnswers.INLINE_DISPATCHER)) {
                        MockAnswers.inlineMockMakerStarted(); // its mocks can be told from here on
                    }
                    // A dynamic proxy of java.sql's interfaces is defined in the platform loader
                    // when the application passes Connection.class.getClassLoader() (MyBatis does).
                    return loader == PLATFORM && name.startsWith("jdk/proxy")
                            ? application(module, loader, name, redefined, domain, classFile) : null;
                }
                long t0 = System.nanoTime();
                out = weave(t, name, classFile);
                jdkWeavingNanos += System.nanoTime() - t0;
            } else {
                if (startsWithAny(name, OTHER_AGENTS)) {
                    if (!Tracker.sharesStacks() || startsWithAny(name, AGENT_ITSELF) || !name.startsWith("io/leakguard/")) {
                        return null;
                    }
                    out = callSitesOnly(loader, name, domain, classFile);
                } else {
                    out = application(module, loader, name, redefined, domain, classFile);
                }
            }
            if (out != null) {
                changed.add(name.replace('/', '.'));
                if (Boolean.getBoolean("io.leakguard.debug.transform")) {
                    System.err.println("leakguard: instrumented " + name.replace('/', '.'));
                }
            }
            return out;
        } catch (Throwable t) {
            AgentErrors.record("instrumenting " + name.replace('/', '.'), t);
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) {
        return transform(null, loader, name, redefined, domain, classFile);
    }

    private static byte[] weave(JdkTarget t, String name, byte[] classFile) {
        List<String> missing = new ArrayList<>();
        byte[] out = HookWeaver.weave(classFile, t.methods(), missing);
        for (String m : missing) {
            AgentErrors.record("instrumenting " + name.replace('/', '.'),
                    new NoSuchMethodException(m + " is not in this JDK's " + name.replace('/', '.') + "; not tracked there"));
        }
        return out;
    }

    private byte[] application(Module module, ClassLoader loader, String name, Class<?> redefined,
                               ProtectionDomain domain, byte[] classFile) throws Exception {
        JdkTarget woven = applicationByName.get(name);
        if (woven != null) {
            return LoaderVisibility.seesBootstrap(loader, name.replace('/', '.')) ? weave(woven, name, classFile) : null;
        }
        // A cheap test on the raw class file first: only a class whose constant pool names a JDBC
        // type or loadClass has its super types walked (which can mean reading their class files).
        // A JDBC implementation names JDBC types in the descriptors or signatures of the methods
        // it declares. One that declares none of them inherits its hooked methods from a class
        // that does, except the release it overrides: a test double's close() that does not call
        // super's was never seen, and the connection it stood for was reported leaked. So in ci
        // mode, where such doubles live and a missed close fails a test, a class naming close or
        // abort whose super class is not the JDK's is walked too. Not in the other modes: the
        // walks (reading super classes' files) cost a service that loads 20,000 classes about
        // 8 % more loading time (jmh/classloading.sh), for test doubles it does not have.
        int names = ConstantPoolScan.scan(classFile);
        boolean loaderCandidate = loaders && (names & ConstantPoolScan.LOAD_CLASS) != 0;
        boolean jdbcCandidate = hierarchyTypes != 0 && (names & ConstantPoolScan.JDBC) != 0;
        boolean releaseCandidate = hierarchyTypes != 0 && !jdbcCandidate && (names & ConstantPoolScan.RELEASE) != 0
                && Tracker.judgesTests();
        // ci mode with ci.stacks=shared (read per class: mode and ci.stacks can be set live).
        boolean callSites = Tracker.sharesStacks();
        boolean fileCandidate = callSites && (names & ConstantPoolScan.FILE) != 0;
        if (!jdbcCandidate && !loaderCandidate && !fileCandidate && !releaseCandidate) {
            return null;
        }
        Tracker.enterAgentCode();
        try {
            ClassReader header = new ClassReader(classFile);
            // An interface that extends a JDBC interface is woven too: its default methods are
            // what runs for the classes that do not override them (Agroal's own suite's mock
            // connections inherit close() from one; unwoven, the pool's close of a connection was
            // never seen and every borrowed handle over it failed its test). Abstract methods are
            // never touched; nothing else about an interface is (no call-site marks, no loaders).
            boolean isInterface = (header.getAccess() & Opcodes.ACC_INTERFACE) != 0;
            if (isInterface && !jdbcCandidate) {
                return null;
            }
            // ci mode: the class's own JDBC calls and file constructions marked first; the hooks
            // (if it is a JDBC implementation too) are woven into the marked class.
            byte[] out = !isInterface && (jdbcCandidate || fileCandidate) ? marked(loader, name, domain, classFile) : null;
            String superName = header.getSuperName();
            if (releaseCandidate && superName != null && !superName.startsWith("java/")) {
                jdbcCandidate = true; // its super types decide, as for any other
            }
            if (!jdbcCandidate && !loaderCandidate) {
                return out;
            }
            int types = superTypes.of(loader, name, superName, header.getInterfaces());
            if (loaderCandidate && !isInterface && (types & SuperTypes.CLASS_LOADER) != 0) {
                out = BootDelegation.weave(out != null ? out : classFile);
            }
            int implemented = types & hierarchyTypes;
            if (jdbcCandidate && implemented != 0 && (!Frames.isJdk(name.replace('/', '.')) || isDynamicProxy(name, superName))
                    && LoaderVisibility.seesBootstrap(loader, name.replace('/', '.'))) {
                byte[] b = HookWeaver.weave(out != null ? out : classFile, hooksOf(implemented), new ArrayList<>());
                if (b != null) {
                    out = b;
                    // Rule 12 is for what a driver opens for itself: not for what an
                    // application's proxy handler (a listener writing a log file) or a test's
                    // mock answer opens while it runs.
                    if (!isDynamicProxy(name, superName) && !MockAnswers.generatedByMockito(name)) {
                        DriverClasses.woven(name.replace('/', '.'));
                    }
                }
            }
            return out;
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /**
     * The leakguard project's own programs (test apps, benchmarks), never hooked: only their JDBC
     * call sites, in ci mode, like any application's.
     */
    private byte[] callSitesOnly(ClassLoader loader, String name, ProtectionDomain domain, byte[] classFile) {
        if ((ConstantPoolScan.scan(classFile) & (ConstantPoolScan.JDBC | ConstantPoolScan.FILE)) == 0) {
            return null;
        }
        Tracker.enterAgentCode();
        try {
            return (new ClassReader(classFile).getAccess() & Opcodes.ACC_INTERFACE) != 0 ? null
                    : marked(loader, name, domain, classFile);
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /** {@link CallSiteMarks} for an application class, when on and the class can see the bootstrap; else null. */
    private byte[] marked(ClassLoader loader, String name, ProtectionDomain domain, byte[] classFile) {
        if (!Tracker.sharesStacks()) {
            return null;
        }
        String binary = name.replace('/', '.');
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (!CallSites.markable(binary, location == null ? null : location.getProtocol(),
                location == null ? null : location.getPath()) || !LoaderVisibility.seesBootstrap(loader, binary, false)) {
            return null;
        }
        try {
            return CallSiteMarks.weave(classFile);
        } catch (RuntimeException e) {
            // A method the marks would push past 64 KB, bytecode ASM cannot read: the class is
            // hooked (if it is a JDBC implementation) without marks, its stacks taken every time.
            AgentErrors.record("marking call sites in " + binary, e);
            return null;
        }
    }

    /** The hooks of the interfaces {@code bits} name, in bit order (a class implementing two gets both). */
    private List<MethodHooks> hooksOf(int bits) {
        List<MethodHooks> m = combined.get(bits);
        if (m == null) {
            m = new ArrayList<>();
            for (int i = 0; i < byType.length; i++) {
                if ((bits & (1 << i)) != 0 && byType[i] != null) {
                    m.addAll(byType[i]);
                }
            }
            combined.put(bits, m);
        }
        return m;
    }

    /**
     * A class java.lang.reflect.Proxy generated (jdk.proxyN.$ProxyM for public interfaces): the
     * JDK's package, but the application's handle. A pool that hands out a proxy connection
     * (MyBatis' PooledDataSource) returns it to the pool in its handler's close(); unless the
     * proxy's own close() is hooked, that close is never seen and every borrow looks leaked.
     */
    static boolean isDynamicProxy(String internalName, String superName) {
        return "java/lang/reflect/Proxy".equals(superName)
                && (internalName.startsWith("jdk/proxy") || internalName.startsWith("com/sun/proxy/"));
    }

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}

package io.leakguard.agent.instrument;

import io.leakguard.agent.instrument.loader.BootDelegation;
import io.leakguard.agent.instrument.weave.HookWeaver;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Tracker;
import java.lang.instrument.ClassFileTransformer;
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
 * <li>the {@link BootDelegation} prologue, for an application class loader declaring loadClass;</li>
 * <li>Byte Buddy ({@link LazyByteBuddy}), for a JDBC implementation (found by {@link SuperTypes})
 *     or a pool or test-framework class named by a target.</li>
 * </ul>
 * Other agents' own classes (thousands while the OpenTelemetry agent starts) are never a
 * resource type: passed over unread. Every failure is the agent's: counted, reported once per
 * class, and the class loads unchanged.
 */
final class WeavingTransformer implements ClassFileTransformer {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final String[] OTHER_AGENTS = {"io/opentelemetry/javaagent/", "net/bytebuddy/",
        "io/leakguard/", "datadog/trace/", "com/datadog/", "co/elastic/apm/", "com/newrelic/"};

    private final Map<String, JdkTarget> jdk;
    /** Application classes woven by name (ci mode's test-framework classes), by internal name. */
    private final Map<String, JdkTarget> applicationByName;
    private final LazyByteBuddy byteBuddy;
    private final Set<String> byteBuddyNames;
    private final int byteBuddyTypes;
    private final boolean loaders;
    private final SuperTypes superTypes = new SuperTypes();
    /** Binary names of the classes changed, for detach to give back their original code. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    /**
     * @param jdk the JDK classes to weave, by internal name
     * @param applicationByName application classes to weave the same way, by internal name
     * @param byteBuddy null when no target needs it
     * @param byteBuddyNames internal names of application classes Byte Buddy's targets name
     * @param byteBuddyTypes the {@link SuperTypes} bits whose implementations go to Byte Buddy
     * @param loaders whether application class loaders get the boot-delegation prologue
     */
    WeavingTransformer(Map<String, JdkTarget> jdk, Map<String, JdkTarget> applicationByName, LazyByteBuddy byteBuddy,
                       Set<String> byteBuddyNames, int byteBuddyTypes, boolean loaders) {
        this.jdk = jdk;
        this.applicationByName = applicationByName;
        this.byteBuddy = byteBuddy;
        this.byteBuddyNames = byteBuddyNames;
        this.byteBuddyTypes = byteBuddyTypes;
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
                    return null;
                }
                long t0 = System.nanoTime();
                out = weave(t, name, classFile);
                jdkWeavingNanos += System.nanoTime() - t0;
            } else {
                if (startsWithAny(name, OTHER_AGENTS)) {
                    return null;
                }
                out = application(module, loader, name, redefined, domain, classFile);
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
        // it declares; one that declares none of them (only close(), say, and nothing typed by
        // JDBC anywhere) inherits its advised methods from a class that does.
        boolean named = byteBuddyNames.contains(name);
        int names = ConstantPoolScan.scan(classFile);
        boolean loaderCandidate = loaders && (names & ConstantPoolScan.LOAD_CLASS) != 0;
        boolean jdbcCandidate = byteBuddyTypes != 0 && (names & ConstantPoolScan.JDBC) != 0;
        if (!named && !jdbcCandidate && !loaderCandidate) {
            return null;
        }
        Tracker.enterAgentCode();
        try {
            ClassReader header = new ClassReader(classFile);
            if ((header.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
                return null;
            }
            int types = superTypes.of(loader, name, header.getSuperName(), header.getInterfaces());
            byte[] out = null;
            if (loaderCandidate && (types & SuperTypes.CLASS_LOADER) != 0) {
                out = BootDelegation.weave(classFile);
            }
            if (byteBuddy != null && (named || (jdbcCandidate && (types & byteBuddyTypes) != 0))) {
                byte[] b = byteBuddy.transform(module, loader, name, redefined, domain, out != null ? out : classFile);
                if (b != null) {
                    out = b;
                }
            }
            return out;
        } finally {
            Tracker.exitAgentCode();
        }
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

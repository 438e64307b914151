package io.leakguard.agent.instrument;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Lets only the JDK classes leakguard names reach Byte Buddy; every other class of the boot and
 * platform loaders is passed over before anything is parsed or resolved.
 *
 * <p>Why it matters: a class can load in the middle of anything, including inside the JDK's
 * class-path lock (the first StackWalker walk loads StackWalker's inner classes; a jar open under
 * URLClassPath's lock can be where that happens). Describing such a class makes Byte Buddy's type
 * pool load classes through the system class loader, which can wait for a lock another thread
 * holds while it waits for ours: a deadlock, seen with the OpenTelemetry agent loaded alongside.
 * The JDK classes leakguard instruments are a fixed list of names, so nothing is lost by never
 * describing the rest; application classes (JDBC drivers, pools, JUnit) still go to Byte Buddy,
 * except other agents' internals (below).
 */
final class JdkClassFilter implements AgentBuilder.TransformerDecorator {
    private final Set<String> jdkTargets;

    /** @param jdkTargets internal names (java/io/FileInputStream) of the JDK classes with advice */
    JdkClassFilter(Set<String> jdkTargets) {
        this.jdkTargets = jdkTargets;
    }

    @Override
    public ResettableClassFileTransformer decorate(ResettableClassFileTransformer transformer) {
        return new Filtering(transformer, jdkTargets);
    }

    private static boolean skip(ClassLoader loader, String internalName, Set<String> jdkTargets) {
        if (loader == null || loader == PLATFORM) {
            return internalName == null || !jdkTargets.contains(internalName);
        }
        return internalName != null && startsWithAny(internalName, OTHER_AGENTS);
    }

    /**
     * Other agents' own classes (loaded by their agent class loaders, thousands of them while the
     * OpenTelemetry agent starts) are never a resource type: passed over unread, like the JDK's.
     */
    private static final String[] OTHER_AGENTS = {"io/opentelemetry/javaagent/", "net/bytebuddy/",
        "io/leakguard/", "datadog/trace/", "com/datadog/", "co/elastic/apm/", "com/newrelic/"};

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private static final class Filtering extends ResettableClassFileTransformer.WithDelegation {
        private final Set<String> jdkTargets;

        Filtering(ResettableClassFileTransformer delegate, Set<String> jdkTargets) {
            super(delegate);
            this.jdkTargets = jdkTargets;
        }

        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
            if (skip(loader, internalName, jdkTargets)) {
                return null;
            }
            return classFileTransformer.transform(loader, internalName, classBeingRedefined, protectionDomain, classfileBuffer);
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
            if (skip(loader, internalName, jdkTargets)) {
                return null;
            }
            return classFileTransformer.transform(module, loader, internalName, classBeingRedefined, protectionDomain,
                    classfileBuffer);
        }
    }
}

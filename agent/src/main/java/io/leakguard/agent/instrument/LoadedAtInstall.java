package io.leakguard.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Which loaded classes a background install retransforms. Byte Buddy asks only after it has
 * registered the transformer, so every class is either in this list or seen by the transformer
 * as it loads: nothing falls between the two.
 *
 * <p>The JDK classes leakguard names, plus whatever the application's class loaders defined
 * while the install ran (a driver or a pool that loaded in that first half second). Boot and
 * platform classes other than the named ones, and the agent's own classes, are left out without
 * being described: matching them is most of what a full scan of loaded classes costs.
 */
final class LoadedAtInstall implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private final Set<String> jdkNames;

    /** @param jdkNames binary names (java.io.FileInputStream) of the JDK classes with advice */
    LoadedAtInstall(Set<String> jdkNames) {
        this.jdkNames = jdkNames;
    }

    @Override
    public Iterable<Iterable<Class<?>>> resolve(Instrumentation inst) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            boolean jdk = loader == null || loader == PLATFORM;
            boolean wanted = jdk ? jdkNames.contains(c.getName())
                    : !c.getName().startsWith("io.leakguard.") && !c.isArray() && !c.isPrimitive();
            if (wanted && inst.isModifiableClass(c)) {
                out.add(c);
            }
        }
        return Collections.singletonList(out);
    }
}

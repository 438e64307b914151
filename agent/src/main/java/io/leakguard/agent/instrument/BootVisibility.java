package io.leakguard.agent.instrument;

import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * A type matched for advice that calls the bootstrap classes is instrumented only when its class
 * loader resolves {@code io.leakguard.bootstrap.Tracker} to the boot loader's class: otherwise
 * the advice would throw NoClassDefFoundError (or the loader's own exception) into the
 * application at the first call. The class loaders' own advice arranges this for every loader
 * leakguard could instrument; what is left is a loader it could not (a hidden class, which the
 * JVM never shows an agent; another agent's; one that failed to retransform). Its classes are then
 * left as they are, and one line per loader class says so.
 *
 * <p>The question, and its one answer per loader, belong to {@link LoaderVisibility}; this is
 * Byte Buddy's matcher around it, asked only after the type matched.
 */
final class BootVisibility implements AgentBuilder.RawMatcher {
    private final AgentBuilder.RawMatcher matcher;

    BootVisibility(AgentBuilder.RawMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                           ProtectionDomain domain) {
        return matcher.matches(type, loader, module, classBeingRedefined, domain)
                && LoaderVisibility.seesBootstrap(loader, type.getName());
    }
}

package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.Tracker;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Asked once per loader and remembered (weakly: a web application's loader can go), after the
 * type matched, so a loader whose classes leakguard never instruments is never asked. The boot
 * and platform loaders, whose classes are the named JDK types, are not asked at all.
 */
final class BootVisibility implements AgentBuilder.RawMatcher {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final Map<ClassLoader, Boolean> SEEN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    /** The loader being asked on this thread: if asking it loads a matched type, that one is left. */
    private static final ThreadLocal<ClassLoader> ASKING = new ThreadLocal<>();

    private final AgentBuilder.RawMatcher matcher;

    BootVisibility(AgentBuilder.RawMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                           ProtectionDomain domain) {
        return matcher.matches(type, loader, module, classBeingRedefined, domain) && seesBootstrap(loader, type);
    }

    private static boolean seesBootstrap(ClassLoader loader, TypeDescription type) {
        if (loader == null || loader == PLATFORM) {
            return true;
        }
        Boolean known = SEEN.get(loader);
        if (known == null) {
            if (ASKING.get() == loader) {
                return false;
            }
            // Not under the map's lock: the loader may take its own lock, which another thread
            // loading through it holds while it waits here.
            known = ask(loader);
            SEEN.put(loader, known);
        }
        if (!known && REPORTED.add(loader.getClass().getName())) {
            System.err.println("leakguard: classes of the class loader " + loader.getClass().getName()
                    + (loader.getName() == null ? "" : " (" + loader.getName() + ")")
                    + " cannot see leakguard's own classes and that loader could not be changed to;"
                    + " its classes are left uninstrumented and their resources untracked (first: "
                    + type.getName() + ")");
        }
        return known;
    }

    private static boolean ask(ClassLoader loader) {
        ClassLoader outer = ASKING.get();
        ASKING.set(loader);
        try {
            return Class.forName(Tracker.class.getName(), false, loader) == Tracker.class;
        } catch (Throwable notVisible) {
            return false;
        } finally {
            if (outer == null) {
                ASKING.remove();
            } else {
                ASKING.set(outer);
            }
        }
    }
}

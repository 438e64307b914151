package io.leakguard.agent.instrument.loader;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every class loader outside the JDK that declares its own {@code loadClass}: names under
 * {@value BootDelegation#PREFIX} are answered from the boot loader, where the bootstrap classes
 * are defined, before the loader's own body runs.
 *
 * <p>Why: advice inlined into a driver's or a pool's class calls {@code io.leakguard.bootstrap.*},
 * and the JVM resolves those names through that class's own loader. A loader that asks its
 * parent only for {@code java.*} (plug-in systems, parent-last web-application loaders, OSGi
 * without boot delegation, JBoss Modules) would not find them: a NoClassDefFoundError in the
 * application at {@code connect()} or {@code createStatement()}. The OpenTelemetry agent does the
 * same for its bootstrap packages.
 *
 * <p>A loader that does not declare {@code loadClass} inherits it: from ClassLoader (parent, then
 * boot: it sees the boot loader's classes) or from a superclass this target matches. The JDK's own
 * loaders (boot and platform classes, which {@code JdkClassFilter} passes over) all end in the boot
 * loader for a package no module holds, so they need nothing.
 */
public final class ClassLoaderTarget implements Target {
    @Override
    public String typeName() {
        return "java.lang.ClassLoader";
    }

    @Override
    public ElementMatcher<? super TypeDescription> type() {
        // The declared-method check reads the class file already parsed; only a class that
        // declares loadClass has its superclass chain walked (fail-safe: a missing superclass is
        // the library's business, not an error of ours).
        return not(isInterface()).and(not(named(typeName()))).and(declaresMethod(loadClass()))
                .and(failSafe(hasSuperClass(named(typeName()))));
    }

    /** The advice calls no bootstrap class: it must work in a loader that cannot see them yet. */
    @Override
    public boolean callsBootstrap() {
        return false;
    }

    private static ElementMatcher.Junction<MethodDescription> loadClass() {
        return named("loadClass").and(not(isStatic())).and(not(isAbstract())).and(returns(Class.class))
                .and(takesArguments(String.class).or(takesArguments(String.class, boolean.class)));
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advices.to(BootDelegation.class).on(loadClass());
    }

    /**
     * Inlined into the application's class loaders: it may refer to {@code java.*} only. A
     * reference to a bootstrap class here would be resolved through the loader class's own
     * loader, possibly one that cannot see it either (and then back into this very method).
     * {@code Class.forName(name, false, null)} asks the boot loader natively, calling no Java
     * loader, so it cannot come back here. One {@code startsWith} per call for every other name.
     */
    static final class BootDelegation {
        static final String PREFIX = "io.leakguard.bootstrap.";

        private BootDelegation() {
        }

        /** A non-null result skips the loader's own body. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Class<?> enter(@Advice.Argument(0) String name) {
            if (name != null && name.startsWith("io.leakguard.bootstrap.")) {
                try {
                    return Class.forName(name, false, null);
                } catch (ClassNotFoundException notOurs) {
                    return null;
                }
            }
            return null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Class<?> fromBoot, @Advice.Return(readOnly = false) Class<?> result) {
            if (fromBoot != null) {
                result = fromBoot;
            }
        }
    }
}

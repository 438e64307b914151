package io.leakguard.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/** Byte Buddy's transformer for the targets that need it; built by {@link LazyByteBuddy} on first use. */
final class ByteBuddyTransformer {
    /**
     * Byte Buddy's default initialization strategy builds its "Nexus" (class injection through
     * sun.misc.Unsafe) even though we then switch it off; on JDK 24+ that prints a warning into
     * the host's log. Our advice needs no initializers, so the Nexus is disabled up front. The
     * property is in our relocated namespace and touches nobody else's Byte Buddy.
     */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    private ByteBuddyTransformer() {
    }

    static ClassFileTransformer build(Instrumentation inst, List<Target> targets) {
        long t0 = System.nanoTime();
        System.setProperty(NEXUS_DISABLED, "true");
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new InstrumentationListener())
                // A class in a named module (a driver in a module layer) reads the boot loader's
                // unnamed module, where the advice's calls go. HotSpot adds this edge itself for a
                // class an agent transformed (jdk.internal.module.Modules.transformedByAgent);
                // this is for a JVM that does not, and costs one canRead per transformed class.
                .assureReadEdgeTo(inst, io.leakguard.bootstrap.Tracker.class)
                .ignore(nameStartsWith("io.leakguard.").or(isSynthetic()));
        long t1 = System.nanoTime();
        long adviceNanos = 0;
        AgentBuilder.Identified.Extendable ext = null;
        for (Target t : targets) {
            if (!t.appliesToRuntime()) {
                continue;
            }
            long a0 = System.nanoTime();
            final AsmVisitorWrapper advice = t.advice();
            adviceNanos += System.nanoTime() - a0;
            AgentBuilder.Transformer transformer = (b, type, loader, module, domain) -> b.visit(advice);
            AgentBuilder.RawMatcher type = new AgentBuilder.RawMatcher.ForElementMatchers(t.type());
            ext = (ext == null ? builder : ext).type(t.callsBootstrap() ? new BootVisibility(type) : type)
                    .transform(transformer);
        }
        ClassFileTransformer built = (ext == null ? builder : ext).makeRaw();
        if (Boolean.getBoolean("io.leakguard.debug.startup")) {
            System.err.println("leakguard: Byte Buddy brought up in " + (System.nanoTime() - t0) / 1_000_000 + " ms (builder "
                    + (t1 - t0) / 1_000_000 + " ms, advice " + adviceNanos / 1_000_000 + " ms)");
        }
        return built;
    }
}

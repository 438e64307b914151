package io.leakguard.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Byte Buddy, for the application's classes whose advice needs it (JDBC implementations found by
 * their hierarchy, the pools' and JUnit's classes): built the first time such a class loads, not
 * at start-up. A program that never touches JDBC never loads Byte Buddy's thousand classes.
 * Used as a plain transformer: the {@link WeavingTransformer} decides which classes reach it.
 *
 * <p>Byte Buddy's builder is set up in {@link ByteBuddyTransformer}, not here: the JVM verifies a
 * class's methods when it links it, and verifying the builder's calls loads the Byte Buddy types
 * they pass (about ten classes, ~10 ms) at start-up, when this class is created.
 */
final class LazyByteBuddy {
    private final Instrumentation inst;
    private final ByteBuddyTargets targets;
    private volatile ClassFileTransformer built;

    LazyByteBuddy(Instrumentation inst, ByteBuddyTargets targets) {
        this.inst = inst;
        this.targets = targets;
    }

    byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                     byte[] classFile) throws Exception {
        ClassFileTransformer t = built;
        if (t == null) {
            t = build();
        }
        return t.transform(module, loader, name, redefined, domain, classFile);
    }

    private synchronized ClassFileTransformer build() {
        if (built == null) {
            built = ByteBuddyTransformer.build(inst, targets.build());
        }
        return built;
    }
}

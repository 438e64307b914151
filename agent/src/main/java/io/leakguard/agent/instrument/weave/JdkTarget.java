package io.leakguard.agent.instrument.weave;

import java.util.List;

/**
 * One JDK class woven with plain calls into the bootstrap classes ({@link Hook}), without Byte
 * Buddy: the JDK's resource classes are a fixed list known by name, and weaving them needs a
 * few ASM classes instead of Byte Buddy's thousand, which is what lets every mode install before
 * main() at little cost. Each implementation lives in its own file, named for the class it weaves.
 */
public interface JdkTarget {
    /** The binary name of the class, e.g. {@code java.io.FileInputStream}. */
    String typeName();

    /** Whether this target applies on the running JDK (JDK-internal types move between releases). */
    default boolean appliesToRuntime() {
        return true;
    }

    List<MethodHooks> methods();
}

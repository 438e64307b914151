package io.leakguard.bootstrap;

/**
 * Fault injection for the reliability test: with {@code -Dio.leakguard.debug.faults=true} every
 * tracker entry point throws from inside its own guard, as a broken build of the tracker would.
 * The flag is a static final read once, so in every other JVM the JIT removes the check.
 */
final class Faults {
    static final boolean ON = Boolean.getBoolean("io.leakguard.debug.faults");

    private Faults() {
    }

    static void inject(String where) {
        throw new IllegalStateException("injected fault (io.leakguard.debug.faults) in " + where);
    }
}

package io.leakguard.bootstrap;

/**
 * Whether an acquisition happened inside a class's static initializer: what a {@code <clinit>}
 * opens (a library's process-wide singleton, created lazily on its first use) belongs to that
 * class for the life of the JVM, even when a test's first use triggered it. Only the frames
 * between the acquisition and the first test-framework frame count: the test runner's own
 * static initializers further down are not the resource's.
 */
final class StaticInitializers {
    private StaticInitializers() {
    }

    /** ci mode: from the acquisition's whole stack (resolved on the judging thread, never at acquisition). */
    static boolean onStack(StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            if (Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS)) {
                return false;
            }
            if ("<clinit>".equals(f.getMethodName()) && !Frames.isTracker(c)) {
                return true;
            }
        }
        return false;
    }
}

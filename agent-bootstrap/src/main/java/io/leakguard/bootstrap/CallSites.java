package io.leakguard.bootstrap;

/**
 * ci mode: the application's call sites of JDBC methods, each numbered when the agent weaves the
 * class that holds it (see {@link SharedTraces}). A site is a class, a method and a line, and the
 * kind of resource the called method returns; its number is what the woven call passes to
 * {@link CiHooks#callSite}, the kind in its two low bits (read on every acquisition, so without a
 * lookup). Numbers are never reused; the tables only grow (a site per woven call).
 */
public final class CallSites {
    public static final int CONNECTION = 1;
    public static final int STATEMENT = 2;
    public static final int RESULT_SET = 3;

    private static String[] classes = new String[256];
    private static String[] methods = new String[256];
    private static int[] lines = new int[256];
    /** Site 0 is "no site". */
    private static int count = 1;

    private CallSites() {
    }

    /** Numbers a call site (never 0); called by the agent's weaver while the class loads. */
    public static synchronized int register(String className, String method, int line, int kind) {
        if (count == classes.length) {
            int n = count * 2;
            classes = java.util.Arrays.copyOf(classes, n);
            methods = java.util.Arrays.copyOf(methods, n);
            lines = java.util.Arrays.copyOf(lines, n);
        }
        classes[count] = className;
        methods[count] = method;
        lines[count] = line;
        return count++ << 2 | kind;
    }

    /**
     * Whether a class's call sites are the application's (by name, as {@link Frames} judges a
     * frame): not the JDK's, a test framework's, a skipped library's or leakguard's own. A library
     * built from this project's own sources is left out too: telling it apart needs the class,
     * which is not there yet while it loads.
     */
    public static boolean markable(String className) {
        return !Frames.startsWithAny(className, SiteCapture.libraries)
                && Frames.classify(className, null, new String[0]) == Frames.APPLICATION;
    }

    static int kind(int site) {
        return site & 3;
    }

    /** Whether the frame is this site's: the same class, method and line. */
    static synchronized boolean is(int site, StackTraceElement f) {
        int i = site >>> 2;
        return i > 0 && i < count && f.getLineNumber() == lines[i] && f.getMethodName().equals(methods[i])
                && f.getClassName().equals(classes[i]);
    }
}

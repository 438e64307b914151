package io.leakguard.bootstrap;

/**
 * ci mode: the application's call sites of JDBC methods and file constructors, each numbered when the agent weaves the
 * class that holds it (see {@link SharedTraces}). A site is a class, a method and a line, and the
 * kind of resource the called method returns; its number is what the woven call passes to
 * {@link CiHooks#callSite}, the kind in its three low bits (read on every acquisition, so without a
 * lookup). Numbers are never reused; the tables only grow (a site per woven call).
 */
public final class CallSites {
    public static final int CONNECTION = 1;
    public static final int STATEMENT = 2;
    public static final int RESULT_SET = 3;
    /** A FileInputStream, FileOutputStream or RandomAccessFile constructed (directly, or by a FileReader or FileWriter). */
    public static final int FILE = 4;

    private static String[] classes = new String[256];
    private static String[] methods = new String[256];
    private static int[] lines = new int[256];
    /** Sites whose first trace did not prove them (SharedTraces): never proved again. Racy reads are harmless. */
    private static volatile boolean[] refuted = new boolean[256];
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
            refuted = java.util.Arrays.copyOf(refuted, n);
        }
        classes[count] = className;
        methods[count] = method;
        lines[count] = line;
        return count++ << 3 | kind;
    }

    /**
     * Whether a class's call sites are the application's, as {@link Frames} will judge its frames:
     * not the JDK's, a test framework's or leakguard's own; in a skipped library's package only
     * when loaded from the project's own build (a pool's own test suite), see {@link CodeOrigin}.
     *
     * @param protocol the URL protocol of the class's code source, or null when unknown
     * @param path that URL's path, or null
     */
    public static boolean markable(String className, String protocol, String path) {
        return Frames.classify(className, null, NO_LIBRARIES) == Frames.APPLICATION
                && (!Frames.startsWithAny(className, SiteCapture.libraries)
                        || CodeOrigin.isProjectLocation(protocol, path));
    }

    private static final String[] NO_LIBRARIES = {};

    static boolean refuted(int site) {
        boolean[] r = refuted;
        int i = site >>> 3;
        return i < r.length && r[i];
    }

    static synchronized void refute(int site) {
        int i = site >>> 3;
        if (i < refuted.length) {
            refuted[i] = true;
        }
    }

    static int kind(int site) {
        return site & 7;
    }

    /** Whether the frame is this site's: the same class, method and line. */
    static synchronized boolean is(int site, StackTraceElement f) {
        int i = site >>> 3;
        return i > 0 && i < count && f.getLineNumber() == lines[i] && f.getMethodName().equals(methods[i])
                && f.getClassName().equals(classes[i]);
    }
}

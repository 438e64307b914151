package io.leakguard.bootstrap;

/**
 * ci mode: the part of an acquisition's stack a failure shows. It goes down to the test's own
 * frame, the one that owns the resource (past the helpers of the test class it called), however deep inside a framework the resource was
 * opened; without it (a thread the test started, a test class the framework did not name) down
 * to where the test framework calls in. Long stacks keep their head and the owner's line.
 */
final class StackLines {
    static final int MAX = 40;

    private StackLines() {
    }

    /** How many of the lines, from the first, are the test's part: down to its own line, or to the framework. */
    static int shown(String[] lines, String testClass) {
        int owner = lastOfClass(lines, testClass);
        return owner >= 0 ? owner + 1 : untilFramework(lines);
    }

    static void append(StringBuilder sb, String[] lines, String testClass) {
        int owner = lastOfClass(lines, testClass);
        int shown = shown(lines, testClass);
        if (shown <= MAX) {
            for (int i = 0; i < shown; i++) {
                sb.append("\n      at ").append(lines[i]);
            }
            return;
        }
        // The head, then the test class's first line (a helper's, nearest the acquisition) and
        // its test method's line, each once.
        int first = owner >= 0 ? indexOfClass(lines, testClass) : shown - 1;
        int tail = first < shown - 1 && first >= MAX - 3 ? 2 : 1;
        for (int i = 0; i < MAX - 1 - tail; i++) {
            sb.append("\n      at ").append(lines[i]);
        }
        sb.append("\n      ... ").append(shown - (MAX - 1)).append(" more");
        if (tail == 2) {
            sb.append("\n      at ").append(lines[first]);
        }
        sb.append("\n      at ").append(lines[shown - 1]);
    }

    /** The first line of this class (or one nested in it: a lambda's or an anonymous class's); -1 if none. */
    static int indexOfClass(String[] lines, String testClass) {
        if (testClass == null) {
            return -1;
        }
        for (int i = 0; i < lines.length; i++) {
            if (isOfClass(className(lines[i]), testClass)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The last of the first run of this class's lines: the test method, below the helpers of its
     * class it called (the line that leaked is the test's call of the helper); -1 if none.
     */
    static int lastOfClass(String[] lines, String testClass) {
        int i = indexOfClass(lines, testClass);
        while (i >= 0 && i + 1 < lines.length && isOfClass(className(lines[i + 1]), testClass)) {
            i++;
        }
        return i;
    }

    static boolean isOfClass(String frameClass, String testClass) {
        return frameClass.startsWith(testClass) && (frameClass.length() == testClass.length()
                || frameClass.charAt(testClass.length()) == '$');
    }

    /** Lines before the first test-framework or reflection frame: the test's part of the stack. */
    private static int untilFramework(String[] lines) {
        for (int i = 1; i < lines.length; i++) {
            String c = className(lines[i]);
            if (Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS) || c.startsWith("jdk.internal.reflect.")
                    || c.startsWith("java.lang.reflect.")) {
                return i;
            }
        }
        return lines.length;
    }

    /**
     * The class of a StackTraceElement's toString(): "app//com.acme.Foo.bar(Foo.java:42)" (the
     * loader and module before the last '/', if any) gives "com.acme.Foo".
     */
    static String className(String line) {
        int paren = line.indexOf('(');
        String head = paren < 0 ? line : line.substring(0, paren);
        String qualified = head.substring(head.lastIndexOf('/') + 1);
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? qualified : qualified.substring(0, dot);
    }
}

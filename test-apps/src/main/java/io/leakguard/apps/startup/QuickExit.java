package io.leakguard.apps.startup;

/**
 * Hello world: ends long before a background install could finish, so the JVM shuts down in the
 * middle of it. Prints to both streams so a test can see where the agent's own line falls.
 */
public final class QuickExit {
    private QuickExit() {
    }

    /** Optional argument: milliseconds to wait before ending (for a test that kills the JVM). */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("hello");
        System.err.println("QuickExit: main ran");
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }
}

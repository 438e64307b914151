package io.leakguard.apps.startup;

/**
 * Hello world: ends long before a background install could finish, so the JVM shuts down in the
 * middle of it. Prints to both streams so a test can see where the agent's own line falls.
 */
public final class QuickExit {
    private QuickExit() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
        System.err.println("QuickExit: main ran");
    }
}

package io.leakguard.apps.startup;

/**
 * Hello world: ends long before a background install could finish, so the JVM shuts down in the
 * middle of it. Prints to both streams so a test can see where the agent's own line falls.
 */
public final class QuickExit {
    private QuickExit() {
    }

    /**
     * Optional argument: milliseconds to wait before ending (for a test that kills the JVM), or
     * {@code until-ready}: wait (at most 60 s) until the agent has finished installing, as its
     * {@code leakguard.agent.version} property says, so a slow machine cannot end the test early.
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("hello");
        System.err.println("QuickExit: main ran");
        if (args.length > 0 && args[0].equals("until-ready")) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.getProperty("leakguard.agent.version") == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // the agent prints its start line just after setting the property
        } else if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }
}

package io.leakguard.bootstrap;

/**
 * The calls woven into the test frameworks' classes in ci mode (JUnit 4's EachTestNotifier,
 * Jupiter's TestMethodTestDescriptor and ClassBasedTestDescriptor), and around the application's
 * own calls of JDBC methods. Each woven place makes
 * exactly one call here. Nothing here throws into the framework except the AssertionError that
 * fails a test or a class for what it leaked: that one is the point.
 */
public final class CiHooks {
    private CiHooks() {
    }

    /**
     * The application is about to call a JDBC method at this call site ({@link CallSites}): what
     * that call acquires of the kind it returns was acquired there (see {@link SharedTraces}).
     */
    public static void callSite(int site) {
        try {
            ThreadState g = ThreadState.get();
            // Inside a JDBC call, a marked call is a driver's or wrapper's own (one not on the
            // library list): the application's call that led there is the one that counts.
            if (g.jdbc == 0) {
                g.callSite = site;
            }
        } catch (Throwable t) {
            AgentErrors.record("ci call site", t);
        }
    }

    /** The call {@link #callSite} announced returned. A call that throws leaves it set until the next one. */
    public static void callReturned() {
        try {
            ThreadState g = ThreadState.get();
            if (g.jdbc == 0) {
                g.callSite = 0;
            }
        } catch (Throwable t) {
            AgentErrors.record("ci call site", t);
        }
    }

    /** JUnit 4: fireTestStarted() returned. */
    public static void junit4TestStarted(Object notifier) {
        try {
            CiTests.junit4TestStarted(notifier);
        } catch (Throwable t) {
            AgentErrors.record("ci JUnit 4 start", t);
        }
    }

    /** JUnit 4: fireTestFinished() is about to report the test finished. */
    public static void junit4TestFinished(Object notifier) {
        try {
            CiTests.junit4TestFinished(notifier);
        } catch (Throwable t) {
            AgentErrors.record("ci JUnit 4 end", t);
        }
    }

    /** Jupiter: a test method's execute (before-each callbacks, the test, after-each) begins on this thread. */
    public static void jupiterTestStarted(Object descriptor) {
        try {
            CiTests.jupiterTestStarted(descriptor);
        } catch (Throwable t) {
            AgentErrors.record("ci test start", t);
        }
    }

    /**
     * Jupiter: execute returned; what the test left open fails it (Jupiter records the
     * AssertionError), unless the test failed on its own: Jupiter collects a test's failure in the
     * context's throwable collector and execute returns normally, so leakguard's message became the
     * failure and the test's own assertion a "Suppressed:" under it (commons-pool's
     * testTransientFailure). Then, as for a failed test, its leaks are judged and not added.
     */
    public static void jupiterTestEnded(Object descriptor, Object context) {
        String leaked = finishCurrent();
        if (leaked != null && !failedAlready(context)) {
            throw new AssertionError(leaked);
        }
    }

    /** Whether Jupiter's execution context holds a failure of the test already; false if unknown. */
    private static boolean failedAlready(Object context) {
        if (context == null) {
            return false;
        }
        try {
            Object collector = context.getClass().getMethod("getThrowableCollector").invoke(context);
            return collector != null && Boolean.FALSE.equals(collector.getClass().getMethod("isEmpty").invoke(collector));
        } catch (Throwable t) {
            AgentErrors.record("ci test failed check", t);
            return false;
        }
    }

    /** Jupiter: execute threw; the test has failed already, its leaks are judged and not added. */
    public static void jupiterTestFailed(Throwable thrown, Object descriptor) {
        finishCurrent();
    }

    private static String finishCurrent() {
        try {
            CurrentTest.Owner o = CurrentTest.owner();
            if (o == null || !o.started()) {
                return null;
            }
            return CiTests.testFinished(o.id);
        } catch (Throwable t) {
            AgentErrors.record("ci test end", t);
            return null;
        }
    }

    /** Jupiter: a test class's @BeforeAll methods are about to run. */
    public static void classStarted(Object descriptor, Object executionContext) {
        try {
            ClassOwned.classStarted(descriptor, executionContext);
        } catch (Throwable t) {
            AgentErrors.record("ci class start", t);
        }
    }

    /** Jupiter: the class's @AfterAll methods returned: what it still holds fails the class. */
    public static void classEnded(Object descriptor) {
        String leaked = classFinished(descriptor);
        if (leaked != null) {
            throw new AssertionError(leaked);
        }
    }

    /** Jupiter: @AfterAll threw: the class failed already; its leaks are added to that failure. */
    public static void classFailed(Throwable thrown, Object descriptor) {
        String leaked = classFinished(descriptor);
        if (leaked != null && thrown != null) {
            thrown.addSuppressed(new AssertionError(leaked));
        }
    }

    private static String classFinished(Object descriptor) {
        try {
            return ClassOwned.classFinished(descriptor);
        } catch (Throwable t) {
            AgentErrors.record("ci class end", t);
            return null;
        }
    }
}

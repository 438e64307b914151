package io.leakguard.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Enforce mode's default query timeout, set on a statement that has none. The bootstrap classes
 * are defined by the boot loader, which cannot name java.sql (a platform module), so the two
 * Statement methods are called through method handles looked up once, on first use; as constants
 * the JIT inlines them like the interface calls they are.
 */
final class QueryTimeouts {
    private QueryTimeouts() {
    }

    /**
     * Sets {@code seconds} on the statement unless it already has a timeout (a driver's or pool's
     * default, or H2's, which is the session's: on H2 each setQueryTimeout runs a SET command). A
     * driver that cannot say (getQueryTimeout throws) has none. The statement's own
     * setQueryTimeout is woven: that call is what counts the timeout as applied.
     */
    static void applyDefault(ThreadState g, Object statement, int seconds) throws Throwable {
        // The agent's own calls: the driver's (and a pool proxy's) woven getQueryTimeout and
        // setQueryTimeout are no use of the connection by the application, and their use marks
        // (a table lookup for each handle behind a proxy) were a third of the check's cost.
        g.depth++;
        try {
            check(statement, seconds);
        } finally {
            g.depth--;
        }
    }

    private static void check(Object statement, int seconds) throws Throwable {
        int current;
        try {
            current = (int) Handles.GET.invokeExact(statement);
        } catch (Exception e) {
            current = 0;
        }
        if (current == 0) {
            try {
                Handles.SET.invokeExact(statement, seconds);
            } catch (Exception refused) {
                // The driver refused (a closed statement, a driver without timeouts): the
                // execution goes ahead as the application wrote it, as it would without us.
            }
        }
    }

    /** Looked up when enforce mode first offers a timeout, never in a JVM without JDBC. */
    private static final class Handles {
        static final MethodHandle GET;
        static final MethodHandle SET;

        static {
            try {
                Class<?> statement = Class.forName("java.sql.Statement", false, ClassLoader.getPlatformClassLoader());
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                GET = lookup.findVirtual(statement, "getQueryTimeout", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
                SET = lookup.findVirtual(statement, "setQueryTimeout", MethodType.methodType(void.class, int.class))
                        .asType(MethodType.methodType(void.class, Object.class, int.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}

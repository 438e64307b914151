package io.leakguard.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule 12 (ci mode): what a JDBC driver opens for itself inside a call the application made on
 * it (an embedded database's data and log files, opened as a query, a commit or a rollback runs
 * and kept open by its cache for as long as the database is; a network driver's socket in its
 * connect) is the driver's, not a test's: the connection or statement the test took is what it
 * must close. "Inside a call" is read from the acquisition's stack: a frame of a class leakguard
 * wove as a JDBC implementation (a driver's or pool's Connection, Statement, ResultSet,
 * DataSource or Driver; not a dynamic proxy nor a Mockito mock, whose handler or answer is the
 * application's or the test's code). By name: a few hundred classes at most.
 */
public final class DriverClasses {
    private static final Set<String> WOVEN = ConcurrentHashMap.newKeySet();

    private DriverClasses() {
    }

    /** The agent wove JDBC hooks into this class (binary name). */
    public static void woven(String binaryName) {
        WOVEN.add(binaryName);
    }

    /**
     * From the acquisition's whole stack (resolved on the judging thread, never at acquisition):
     * a JDBC implementation's frame above the first test-framework frame.
     */
    static boolean onStack(StackTraceElement[] frames) {
        if (WOVEN.isEmpty()) {
            return false;
        }
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            if (Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS)) {
                return false;
            }
            if (WOVEN.contains(c)) {
                return true;
            }
        }
        return false;
    }
}

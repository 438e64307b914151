package io.leakguard.bootstrap;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ci mode: how long a leaking test waits for asynchronous closes before it is judged. The grace
 * (ci.grace, 200 ms) is for a close that another thread is about to make (a pool's return, an
 * executor's cleanup). A test that truly leaked waits it in full before it fails, and a suite
 * whose parameterized test leaks on every case pays it on every case (Commons Compress's zstd
 * round trips: 1,221 cases, 19 s without the agent, 272 s in ci mode).
 *
 * <p>So the wait is learned per acquisition path (the type and the stack the failure shows, down
 * to the test's own line): once resources acquired along a path have been still open after
 * the full grace {@link #PROVEN} times in this JVM, and none acquired along it has ever been closed
 * during a grace, a test whose every leak is along proven paths waits {@link #SHORT_MILLIS} instead.
 * A path on which anything was ever closed during a grace waits the full grace for the rest of the
 * run. Only resources: a test that holds a lock or left threads running waits as before, and so
 * does ci.fail-on=definite (its grace is the GC's reference processing). ci.grace-learn=off: every
 * leaking test waits the full grace.
 */
final class CiGrace {
    /** Full-grace judgements that found a path's resource still open before the path is proven. */
    static final int PROVEN = 3;
    /** The wait for a test whose every leak is along a proven path (a close already under way still lands). */
    static final long SHORT_MILLIS = 50;
    /** Paths remembered, at most: past it, new paths always wait the full grace. */
    private static final int MAX_PATHS = 4096;

    /** path -> full graces after which its resource was still open. */
    private static final ConcurrentHashMap<String, Integer> STILL_OPEN = new ConcurrentHashMap<>();
    /** Paths on which a resource was closed (or otherwise let go) during a grace. */
    private static final Set<String> CLOSED_LATE = ConcurrentHashMap.newKeySet();

    private CiGrace() {
    }

    /** The wait for these leaks (none of them a lock or thread): the short one only if every path is proven. */
    static long millisFor(List<Record> leaked, long graceMillis, String testClass) {
        if (leaked.isEmpty() || graceMillis <= SHORT_MILLIS) {
            return graceMillis;
        }
        for (Record r : leaked) {
            String path = path(r, testClass);
            Integer n = STILL_OPEN.get(path);
            if (n == null || n < PROVEN || CLOSED_LATE.contains(path)) {
                return graceMillis;
            }
        }
        return SHORT_MILLIS;
    }

    /**
     * After a wait of {@code waitedMillis}: {@code before} were open when the test ended,
     * {@code after} are still open. What left during the wait marks its path as one that closes
     * late, whatever the wait; what stayed counts towards its path's proof only after the full grace.
     */
    static void learn(List<Record> before, List<Record> after, boolean fullGrace, String testClass) {
        Set<Record> stayed = Collections.newSetFromMap(new IdentityHashMap<Record, Boolean>());
        stayed.addAll(after);
        for (Record r : before) {
            String path = path(r, testClass);
            if (!stayed.contains(r)) {
                if (CLOSED_LATE.size() < MAX_PATHS) {
                    CLOSED_LATE.add(path);
                } else {
                    STILL_OPEN.remove(path); // no room to remember it closes late: it is not proven either
                }
            } else if (fullGrace && (STILL_OPEN.size() < MAX_PATHS || STILL_OPEN.containsKey(path))) {
                // Two tests along one path ending at once may count once: a proof a little later, never sooner.
                Integer n = STILL_OPEN.get(path);
                STILL_OPEN.put(path, n == null ? 1 : n + 1);
            }
        }
    }

    /**
     * The type and the part of the stack a failure shows: down to the test's own line, not the
     * framework's frames beneath it (they change as the run goes on: the JDK's reflection calls
     * the test through a generated accessor after its first fifteen calls).
     */
    private static String path(Record r, String testClass) {
        String[] lines = r.stackLines();
        StringBuilder sb = new StringBuilder(r.type());
        for (int i = 0, n = StackLines.shown(lines, testClass); i < n; i++) {
            sb.append('\n').append(lines[i]);
        }
        return sb.toString();
    }
}

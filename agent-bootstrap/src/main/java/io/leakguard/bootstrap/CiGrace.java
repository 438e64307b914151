package io.leakguard.bootstrap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ci mode: how long a leaking test waits for asynchronous closes before it is judged. The grace
 * (ci.grace, 200 ms) is for a close that another thread is about to make (a pool's return, an
 * executor's cleanup). A test that truly leaked waits it in full before it fails, and a suite
 * whose parameterized test leaks on every case pays it on every case (Commons Compress's zstd
 * round trips: 1,221 cases, 33 s without the agent, 274 s in ci mode).
 *
 * <p>So the wait is learned per acquisition path: the test class, the resource's type and the
 * stack a failure shows, down to the test class's own line (a resource with no line of the test
 * class on its stack, or no stack, is never learned). Once {@link #PROVEN} resources acquired
 * along a path have failed their tests after the full grace, none of them has been closed since,
 * and nothing acquired along the path was ever closed during a grace, a test whose every leak is
 * along proven paths waits {@link #SHORT_MILLIS}. A path on which anything was closed during a
 * grace, or whose proof was closed later, waits the full grace for the rest of the run. Only
 * resources: a test that holds a lock or left threads running waits as before, and so does
 * ci.fail-on=definite (its grace is the GC's reference processing). ci.grace-learn=off: every
 * leaking test waits the full grace.
 *
 * <p>Test ends are rare next to acquisitions: one lock for all of it.
 */
final class CiGrace {
    /** Resources that failed their tests after the full grace before a path is proven. */
    static final int PROVEN = 3;
    /** The wait for a test whose every leak is along a proven path (a close already under way still lands). */
    static final long SHORT_MILLIS = 50;
    /** Paths remembered, at most: once full, new paths are not learned (they wait the full grace). */
    private static final int MAX_PATHS = 4096;

    /** What is known of one path. */
    private static final class Path {
        /** The resources that proved it (failed their tests after the full grace), at most PROVEN. */
        final Record[] proof = new Record[PROVEN];
        int proved;
        /** Something acquired along it was closed during a grace, or a proof was closed later. */
        boolean closesLate;
    }

    /** Path key (a hash of the path's text) -> what is known; guarded by the class. */
    private static final Map<String, Path> PATHS = new HashMap<>();

    private CiGrace() {
    }

    /** The wait for these leaks (none of them a lock or thread): the short one only if every path is proven. */
    static synchronized long millisFor(List<Record> leaked, long graceMillis, String testClass) {
        if (leaked.isEmpty() || graceMillis <= SHORT_MILLIS) {
            return graceMillis;
        }
        for (Record r : leaked) {
            Path p = known(r, testClass);
            if (p == null || p.closesLate || p.proved < PROVEN) {
                return graceMillis;
            }
            for (Record proof : p.proof) {
                if (proof.released) {
                    // Closed after its test failed (an @AfterAll, a pool's own close): resources
                    // along this path are closed by someone after all, if late.
                    p.closesLate = true;
                    return graceMillis;
                }
            }
        }
        return SHORT_MILLIS;
    }

    /**
     * After the wait: {@code atEnd} were open when the test ended, {@code afterWait} still open
     * after the wait, {@code failed} what the test fails for in the end (after any wait for its
     * threads). What left during the wait marks its path as one that closes late, whatever the
     * wait; what stayed and fails the test proves its path, only after the full grace.
     */
    static synchronized void learn(List<Record> atEnd, List<Record> afterWait, List<Record> failed, boolean fullGrace,
            String testClass) {
        for (Record r : atEnd) {
            String key = key(r, testClass);
            if (key == null) {
                continue;
            }
            Path p = PATHS.get(key);
            if (p == null) {
                if (PATHS.size() >= MAX_PATHS) {
                    continue;
                }
                p = new Path();
                PATHS.put(key, p);
            }
            if (!contains(afterWait, r)) {
                p.closesLate = true;
            } else if (fullGrace && p.proved < PROVEN && contains(failed, r)) {
                p.proof[p.proved++] = r;
            }
        }
    }

    /** Forgets every path (unit tests). */
    static synchronized void reset() {
        PATHS.clear();
    }

    private static Path known(Record r, String testClass) {
        String key = key(r, testClass);
        return key == null ? null : PATHS.get(key);
    }

    private static boolean contains(List<Record> records, Record r) {
        for (Record x : records) {
            if (x == r) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path's key, or null for a resource that is never learned: no test class known, or no
     * line of the test class on its stack (a thread the test started, a fixture inherited from a
     * base class): without the test's own line, different tests could share a path. The text is
     * the test class, the type and the lines down to the test class's own (not the framework's
     * frames beneath, which change during a run: the JDK's reflection calls the test through a
     * generated accessor after its first fifteen calls); kept as two hashes of it, not the text.
     */
    static String key(Record r, String testClass) {
        String[] lines = r.stackLines();
        if (testClass == null || lines == null || StackLines.lastOfClass(lines, testClass) < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder(testClass).append('\n').append(r.type());
        for (int i = 0, n = StackLines.shown(lines, testClass); i < n; i++) {
            sb.append('\n').append(lines[i]);
        }
        String text = sb.toString();
        long h = 0xcbf29ce484222325L; // 64-bit FNV-1a over the characters
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return Long.toHexString(h) + ':' + Integer.toHexString(text.hashCode()) + ':' + text.length();
    }
}

package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ci mode: which test is running, and at its end, what it left open. Tests run one at a time
 * (JUnit's default), so "the current test" is process-wide: threads a test starts count for it.
 * Resources acquired outside any test (static initializers, @BeforeAll) belong to the class and
 * never fail a test.
 */
public final class CiTests {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile boolean enabled;
    private static volatile long graceMillis = 200;
    private static volatile boolean definiteOnly;
    private static volatile Exemptions filter;
    /** Records of a test's resources that the GC found unclosed (for ci.fail-on=definite). */
    private static final ConcurrentLinkedQueue<Record> COLLECTED = new ConcurrentLinkedQueue<>();
    private static final int MAX_LISTED = 10;

    private CiTests() {
    }

    public static void configure(CiSettings s) {
        graceMillis = s.graceMillis;
        definiteOnly = s.definiteOnly;
        filter = s.exemptions;
        enabled = s.enabled;
    }

    /** A test method starts; returns its number for {@link #testFinished}. */
    public static int testStarted() {
        if (!enabled) {
            return 0;
        }
        int id = SEQUENCE.incrementAndGet();
        CurrentTest.id = id;
        return id;
    }

    static void noteCollected(Record r) {
        if (enabled && r.testId != 0) {
            COLLECTED.add(r);
        }
    }

    /**
     * The test finished. Null when it left nothing open; otherwise the failure message, naming
     * each resource, where it was acquired and by which thread.
     */
    public static String testFinished(int id) {
        if (id == 0) {
            return null;
        }
        CurrentTest.id = 0;
        try {
            List<Record> leaked = leakedBy(id);
            List<HeldLocks.Hold> locks = locksHeldBy(id);
            if (leaked.isEmpty() && locks.isEmpty() && !definiteOnly) {
                return null;
            }
            if (definiteOnly) {
                System.gc();
            }
            // Give asynchronous closes (a pool's return, an executor's cleanup) their moment.
            Thread.sleep(graceMillis);
            leaked = leakedBy(id);
            locks = locksHeldBy(id);
            return leaked.isEmpty() && locks.isEmpty() ? null : message(leaked, locks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Throwable t) {
            AgentErrors.record("ci test check", t);
            return null;
        }
    }

    /**
     * JUnit 4: the running test (numbered by {@link #testStarted}) is ending; its leaks become a
     * failure added through the EachTestNotifier's public addFailure(Throwable).
     */
    public static void junit4TestFinished(Object eachTestNotifier) {
        String leaked = testFinished(CurrentTest.id);
        if (leaked == null) {
            return;
        }
        try {
            eachTestNotifier.getClass().getMethod("addFailure", Throwable.class)
                    .invoke(eachTestNotifier, new AssertionError(leaked));
        } catch (Throwable t) {
            AgentErrors.record("ci JUnit 4 failure", t);
        }
    }

    private static List<Record> leakedBy(int id) {
        List<Record> out = new ArrayList<>();
        Exemptions f = filter;
        if (definiteOnly) {
            for (Record r : COLLECTED) {
                if (r.testId == id && r.reportable() && (f == null || !f.ignored(r))) {
                    out.add(r);
                }
            }
            for (Record r : OpenRecords.snapshot()) {
                if (r.testId == id && r.get() == null && !r.closedByParent() && r.reportable()
                        && (f == null || !f.ignored(r))) {
                    out.add(r);
                }
            }
            return out;
        }
        for (Record r : OpenRecords.snapshot()) {
            if (r.testId == id && HandleJudge.releasedElsewhere(r)) { // issue 18 rules 1-2 (rules-jdbc): closed or aliased behind the handle
                continue;
            }
            if (r.testId == id && !r.closedByParent() && !r.lostWithParent() && r.reportable()
                    && (f == null || !f.ignored(r))) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Locks the test took and still holds (any thread the test ran). With ci.fail-on=definite,
     * only those whose owner thread has ended: nobody can ever unlock them.
     */
    private static List<HeldLocks.Hold> locksHeldBy(int id) {
        List<HeldLocks.Hold> out = new ArrayList<>();
        for (HeldLocks h : Locks.threads()) {
            boolean dead = !h.thread().isAlive();
            if (definiteOnly && !dead) {
                continue;
            }
            for (HeldLocks.Hold hold : h.snapshot()) {
                if (hold.test == id && hold.siteKnown() && LockOwners.stillHeld(hold)
                        && !ignoredSite(hold.site)) {
                    out.add(hold);
                }
            }
        }
        return out;
    }

    private static boolean ignoredSite(Site site) {
        Exemptions f = filter;
        return f != null && f.ignoredSite(site);
    }

    private static String message(List<Record> leaked, List<HeldLocks.Hold> locks) {
        int total = leaked.size() + locks.size();
        StringBuilder sb = new StringBuilder("leakguard: this test leaked ").append(total)
                .append(total == 1 ? " resource" : " resources")
                .append(definiteOnly ? " (garbage collected without close())" : " (still open " + graceMillis
                        + " ms after it finished)")
                .append(':');
        int n = 0;
        for (Record r : leaked) {
            if (n++ == MAX_LISTED) {
                sb.append("\n  ... and ").append(leaked.size() - MAX_LISTED).append(" more");
                break;
            }
            String what = r.describe();
            sb.append("\n  ").append(what.startsWith(r.type()) ? what : r.type() + " " + what)
                    .append("\n    acquired at ").append(r.site().frame).append(" by thread ").append(r.threadName);
            String[] lines = r.stackLines();
            for (int i = 0; i < lines.length && i < 8; i++) {
                sb.append("\n      at ").append(lines[i]);
            }
        }
        for (HeldLocks.Hold hold : locks) {
            boolean dead = !hold.thread.isAlive();
            sb.append("\n  lock ").append(LockOwners.type(hold.sync, hold.kind)).append(' ').append(LockOwners.name(hold.sync))
                    .append(dead ? ", still held by a thread that has ended" : ", still held")
                    .append("\n    acquired at ").append(hold.site.frame).append(" by thread ").append(ThreadNames.of(hold.thread));
            String[] lines = hold.site.stack;
            for (int i = 0; i < lines.length && i < 8; i++) {
                sb.append("\n      at ").append(lines[i]);
            }
        }
        return sb.toString();
    }
}

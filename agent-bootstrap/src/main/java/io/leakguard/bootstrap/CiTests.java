package io.leakguard.bootstrap;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ci mode: tests start and end, and at its end, what a test left open. A resource belongs to
 * the test its acquiring thread works for ({@link CurrentTest}: the test's own thread, or a
 * thread the test started, transitively), so tests running at the same time are judged apart.
 * Resources acquired outside any test (static initializers, @BeforeAll, threads no test started)
 * belong to no test and never fail one.
 */
public final class CiTests {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile boolean enabled;
    private static volatile long graceMillis = 200;

    /** ci.grace plus ci.thread-wait: the longest a test's end waits for its threads, and a PER_CLASS run's end for its fixture's. */
    static long threadWaitWithGraceMillis() {
        return graceMillis + threadWaitMillis;
    }
    private static volatile boolean graceLearn = true;
    private static volatile long threadWaitMillis = 2000;
    private static volatile boolean definiteOnly;
    private static volatile Exemptions filter;
    /**
     * Records of running tests' resources that the GC found unclosed (taken out of the table by
     * the scanner): they count for their test in both ci.fail-on modes, and leave at its end.
     */
    private static final ConcurrentLinkedQueue<Record> COLLECTED = new ConcurrentLinkedQueue<>();
    /** Tests started and not yet judged: a record collected later has nobody left to fail. */
    private static final Set<Integer> RUNNING = ConcurrentHashMap.newKeySet();
    private static final int MAX_LISTED = 10;

    private CiTests() {
    }

    public static void configure(CiSettings s) {
        graceMillis = s.graceMillis;
        graceLearn = s.graceLearn;
        threadWaitMillis = s.threadWaitMillis;
        definiteOnly = s.definiteOnly;
        filter = s.exemptions;
        CiBaseline.configure(s.baselineSites); // ci.baseline (issue 17)
        CurrentTest.on = s.enabled;
        enabled = s.enabled;
    }

    /** A test method starts on this thread; returns its number for {@link #testFinished}. */
    public static int testStarted() {
        return testStarted((String) null);
    }

    /**
     * A test method of this class (its name; null if unknown) starts on this thread: this thread
     * and the threads it starts work for it until {@link #testFinished}.
     */
    public static int testStarted(String testClass) {
        if (!enabled) {
            return 0;
        }
        int id = SEQUENCE.incrementAndGet();
        RUNNING.add(id);
        CurrentTest.started(id, testClass);
        return id;
    }

    /** JUnit Jupiter: a TestMethodTestDescriptor starts executing on this thread. */
    public static int jupiterTestStarted(Object descriptor) {
        if (!enabled) {
            return 0;
        }
        String testClass = null;
        String method = null;
        try {
            Object c = descriptor.getClass().getMethod("getTestClass").invoke(descriptor);
            testClass = c instanceof Class ? ((Class<?>) c).getName() : null;
            Object m = descriptor.getClass().getMethod("getTestMethod").invoke(descriptor);
            method = m instanceof java.lang.reflect.Method ? ((java.lang.reflect.Method) m).getName() : null;
        } catch (Throwable t) {
            AgentErrors.record("ci test class", t);
        }
        int id = testStarted(testClass);
        CiVerdicts.started(id, testClass, method); // the HTML report's test names (issue 17)
        return id;
    }

    /** JUnit 4: the EachTestNotifier of the test starting on this thread fired testStarted. */
    public static void junit4TestStarted(Object eachTestNotifier) {
        if (!enabled) {
            return;
        }
        String testClass = null;
        String method = null;
        try {
            Field f = eachTestNotifier.getClass().getDeclaredField("description");
            f.setAccessible(true);
            Object description = f.get(eachTestNotifier);
            Object name = description.getClass().getMethod("getClassName").invoke(description);
            testClass = name instanceof String ? (String) name : null;
            Object m = description.getClass().getMethod("getMethodName").invoke(description);
            method = m instanceof String ? (String) m : null;
        } catch (Throwable t) {
            AgentErrors.record("ci test class", t);
        }
        CiVerdicts.started(testStarted(testClass), testClass, method); // the HTML report's test names (issue 17)
    }

    /** ignore.paths and ignore.sites, for the other parts of a test's judgement. */
    static Exemptions filter() {
        return filter;
    }

    static void noteCollected(Record r) {
        if (enabled && RUNNING.contains(r.testId())) {
            COLLECTED.add(r);
            if (!RUNNING.contains(r.testId())) {
                // Its test ended between the two looks, and its end has swept COLLECTED already:
                // nobody else would ever take this one out.
                COLLECTED.remove(r);
            }
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
        CurrentTest.Owner self = CurrentTest.owner();
        String testClass = self != null && self.id == id ? self.testClass : null;
        // From here on this thread works for what it worked for before the test, not the test.
        CurrentTest.finished(id);
        try {
            return judge(id, testClass);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Throwable t) {
            AgentErrors.record("ci test check", t);
            return null;
        } finally {
            CiVerdicts.finished(id); // the HTML report's test names (issue 17)
            RUNNING.remove(id);
            for (Iterator<Record> it = COLLECTED.iterator(); it.hasNext(); ) {
                if (it.next().testId() == id) {
                    it.remove();
                }
            }
        }
    }

    private static String judge(int id, String testClass) throws InterruptedException {
        // Threads the test left running (issue 16): a running thread is no definite leak. Threads
        // first, then what is open: a thread of the test's that opens a resource and ends between
        // the two looks was seen neither running nor holding it, and the test passed at once
        // (Java-WebSocket's Issue879Test: a server thread whose bind fails leaks its channel and
        // ends a millisecond after the test; 1 to 3 of its 20 cases passed a run). Seen running,
        // the test is looked at again after the grace; seen ended, what it opened is there.
        List<TrackedThread> threads = definiteOnly ? List.of() : CiThreads.running(id);
        List<Record> leaked = leakedBy(id, testClass);
        List<HeldLocks.Hold> locks = locksHeldBy(id);
        if (leaked.isEmpty() && locks.isEmpty() && threads.isEmpty() && !definiteOnly) {
            return null;
        }
        if (definiteOnly) {
            System.gc();
        }
        // Give asynchronous closes (a pool's return, an executor's cleanup) their moment; shorter
        // for leaks only along paths proven to leak (CiGrace), resources only.
        boolean learning = graceLearn && !definiteOnly && threads.isEmpty() && locks.isEmpty();
        long waited = learning ? CiGrace.millisFor(leaked, graceMillis, testClass) : graceMillis;
        List<Record> atEnd = leaked;
        Thread.sleep(waited);
        leaked = leakedBy(id, testClass);
        locks = locksHeldBy(id);
        if (waited < graceMillis && (!locks.isEmpty()
                || (!leaked.isEmpty() && CiGrace.millisFor(leaked, graceMillis, testClass) != waited))) {
            // Something not along a proven path showed up during the short wait: the rest of the grace.
            Thread.sleep(graceMillis - waited);
            waited = graceMillis;
            leaked = leakedBy(id, testClass);
            locks = locksHeldBy(id);
        }
        List<Record> afterWait = leaked;
        // ci.thread-wait is one wait in all: for the threads holding what the test left, then for
        // the threads it left running. Two waits of it each made a test whose thread never ends
        // wait twice as long as documented (Java-WebSocket's suite: 4.2 s a leaking test).
        long waitDeadline = System.nanoTime() + CiThreads.nanos(threadWaitMillis);
        if (!definiteOnly && awaitTheTestsThreads(leaked, locks, waitDeadline)) {
            leaked = leakedBy(id, testClass);
            locks = locksHeldBy(id);
        }
        if (!definiteOnly) {
            threads = CiThreads.afterGrace(id, Math.max(0, (waitDeadline - System.nanoTime()) / 1_000_000L));
            // Again after the threads, for the same reason: one that ended since the last look may
            // have left something open in between.
            leaked = leakedBy(id, testClass);
            locks = locksHeldBy(id);
        } else {
            threads = List.of();
        }
        if (learning) {
            CiGrace.learn(atEnd, afterWait, leaked, waited == graceMillis, testClass);
        }
        if (leaked.isEmpty() && locks.isEmpty() && threads.isEmpty()) {
            return null;
        }
        CiVerdicts.failed(id, leaked, locks, threads); // the HTML report (issue 17)
        return CiThreads.message(leaked.isEmpty() && locks.isEmpty() ? null : message(leaked, locks, testClass, waited),
                threads, waited, testClass);
    }

    /**
     * A thread the test started may still be about to close what it holds (a file follower on its
     * next poll): wait for those threads to end, until the deadline (what is left of ci.thread-wait
     * is then the running threads'). True if any was waited for.
     */
    private static boolean awaitTheTestsThreads(List<Record> leaked, List<HeldLocks.Hold> locks, long deadline)
            throws InterruptedException {
        if (deadline - System.nanoTime() <= 0) {
            return false;
        }
        Thread self = Thread.currentThread();
        boolean waited = false;
        List<Thread> threads = new ArrayList<>();
        for (Record r : leaked) {
            CurrentTest.Owner o = r.owner;
            if (o != null && o.thread != null && !threads.contains(o.thread)) {
                threads.add(o.thread);
            }
        }
        for (HeldLocks.Hold h : locks) {
            if (!threads.contains(h.thread)) {
                threads.add(h.thread);
            }
        }
        for (Thread t : threads) {
            if (t == self || !t.isAlive()) {
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            t.join(left);
            waited = true;
        }
        return waited;
    }

    /**
     * JUnit 4: the test running on this thread is ending; its leaks become a failure added through
     * the EachTestNotifier's public addFailure(Throwable).
     */
    public static void junit4TestFinished(Object eachTestNotifier) {
        CurrentTest.Owner o = CurrentTest.owner();
        if (o == null || !o.started()) {
            return;
        }
        String leaked = testFinished(o.id);
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

    /**
     * The test's open records, then those the GC collected unclosed during it: the table, then
     * the records the scanner is moving out of it, then those it moved ({@link OpenRecords#moving}:
     * in that order none is missed, and one seen twice is counted once).
     */
    private static List<Record> leakedBy(int id, String testClass) {
        List<Record> out = new ArrayList<>();
        Set<Record> seen = Collections.newSetFromMap(new IdentityHashMap<Record, Boolean>());
        Exemptions f = filter;
        for (Record r : OpenRecords.snapshot()) {
            if (r.testId() != id || r.closedByParent()) {
                continue;
            }
            // Rule 4: a connection a server accepted is the server's while it is open.
            if (!definiteOnly && r.acceptedByServer() && r.get() != null) {
                continue;
            }
            // Rule 11: a handle the test's own Mockito mock handed to the test's own code (stubbing).
            if (MockAnswers.toTheTestsOwnCall(r, testClass)) {
                continue;
            }
            // Rule 12: a file or socket a JDBC driver opened for itself inside a call the test made.
            if (r.openedInADriverCall()) {
                continue;
            }
            // Rules 1-2: a handle whose connection was closed or aborted behind it (eviction,
            // invalidation, the inner connection closed), or that only aliases a tracked one.
            if (!definiteOnly && HandleJudge.releasedElsewhere(r)) {
                continue;
            }
            // ... and one the GC took whose connection had been closed or let go before.
            if (r.get() == null && HandleJudge.releasedBeforeCollected(r)) {
                continue;
            }
            boolean counts = definiteOnly ? r.get() == null : !r.lostWithParent();
            if (counts && r.reportable() && (f == null || !f.ignored(r)) && !CiBaseline.known(r) // ci.baseline (issue 17)
                    && seen.add(r)) {
                out.add(r);
            }
        }
        for (Record r : collectedSoFar()) {
            if (r.testId() == id && !r.closedByParent() && (definiteOnly || !r.lostWithParent())
                    && !HandleJudge.releasedBeforeCollected(r) && !MockAnswers.toTheTestsOwnCall(r, testClass)
                    && !r.openedInADriverCall()
                    && r.reportable() && (f == null || !f.ignored(r)) && !CiBaseline.known(r) // ci.baseline (issue 17)
                    && seen.add(r)) {
                out.add(r);
            }
        }
        // Rule 5: what a static initializer opened, or a running test class's static field holds,
        // is the class's (judged at the class's end), not this test's.
        return ClassOwned.notTheClasses(out);
    }

    /**
     * The records the GC collected during the running tests, not yet judged (for HandleJudge too):
     * those on their way out of the table, then those out. To be read after the table.
     */
    static List<Record> collectedSoFar() {
        List<Record> out = new ArrayList<>();
        for (Record r : OpenRecords.moving()) {
            // As COLLECTED: of running tests only; and not one closed (not collected) meanwhile,
            // which is in the set for a moment.
            if (!r.released && RUNNING.contains(r.testId())) {
                out.add(r);
            }
        }
        out.addAll(COLLECTED);
        return out;
    }

    /**
     * Locks the test took and still holds. With ci.fail-on=definite, only those of threads that
     * have ended (nobody can ever unlock them). Otherwise also those of live threads, except a
     * thread other than the test's own that is positively not the test's (rule 13, see
     * CiThreads.holderNotTheTests): Netty's event loop, kept by a shared test server, holds its
     * processing lock for its life.
     */
    private static List<HeldLocks.Hold> locksHeldBy(int id) {
        List<HeldLocks.Hold> out = new ArrayList<>();
        Thread self = Thread.currentThread();
        for (HeldLocks h : Locks.threads()) {
            boolean dead = !h.thread().isAlive();
            if (definiteOnly && !dead) {
                continue;
            }
            int before = out.size();
            for (HeldLocks.Hold hold : h.snapshot()) {
                if (hold.test == id && hold.siteKnown() && LockOwners.stillHeld(hold)
                        && !ignoredSite(hold.site) && !CiBaseline.known("lock", hold.site)) { // ci.baseline (issue 17)
                    out.add(hold);
                }
            }
            if (out.size() > before && !dead && h.thread() != self && CiThreads.holderNotTheTests(h.thread(), id)) {
                out.subList(before, out.size()).clear();
            }
        }
        return out;
    }

    private static boolean ignoredSite(Site site) {
        Exemptions f = filter;
        return f != null && f.ignoredSite(site);
    }

    /** @param waitedMillis how long after the test it was looked at again (ci.grace, or CiGrace's short wait) */
    private static String message(List<Record> leaked, List<HeldLocks.Hold> locks, String testClass, long waitedMillis) {
        int total = leaked.size() + locks.size();
        int collected = 0;
        for (Record r : leaked) {
            if (r.get() == null) {
                collected++;
            }
        }
        String open = "still open " + waitedMillis + " ms after it finished"
                + (waitedMillis < graceMillis ? ", along a path already seen leaking " + CiGrace.PROVEN + " times" : "");
        String gc = "garbage collected without close()";
        StringBuilder sb = new StringBuilder("leakguard: this test leaked ").append(total)
                .append(total == 1 ? " resource" : " resources")
                .append(definiteOnly || collected == total ? " (" + gc + ")"
                        : collected == 0 ? " (" + open + ")"
                        : " (" + (total - collected) + " " + open + ", " + collected + " " + gc + ")")
                .append(':');
        Thread self = Thread.currentThread();
        int n = 0;
        for (Record r : leaked) {
            if (n++ == MAX_LISTED) {
                sb.append("\n  ... and ").append(leaked.size() - MAX_LISTED).append(" more");
                break;
            }
            String what = r.describe();
            sb.append("\n  ").append(what.startsWith(r.type()) ? what : r.type() + " " + what);
            if (!definiteOnly && r.get() == null && collected != total) {
                sb.append(" (").append(gc).append(')');
            }
            CurrentTest.Owner o = r.owner;
            boolean otherThread = o != null && o.thread != null && o.thread != self;
            sb.append("\n    acquired at ").append(r.site().frame).append(" by thread ").append(r.threadName)
                    .append(otherThread ? ", a thread the test started" : "");
            StackLines.append(sb, r.stackLines(), testClass);
        }
        for (HeldLocks.Hold hold : locks) {
            boolean dead = !hold.thread.isAlive();
            sb.append("\n  lock ").append(LockOwners.type(hold.sync, hold.kind)).append(' ').append(LockOwners.name(hold.sync))
                    .append(dead ? ", still held by a thread that has ended" : ", still held")
                    .append("\n    acquired at ").append(hold.site.frame).append(" by thread ").append(ThreadNames.of(hold.thread))
                    .append(hold.thread != self ? ", a thread the test started" : "");
            StackLines.append(sb, hold.site.stack, testClass);
        }
        return sb.toString();
    }
}

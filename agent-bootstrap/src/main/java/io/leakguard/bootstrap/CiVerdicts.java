package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ci mode: the tests that failed for a leak, and what each leaked, for the run's HTML report
 * (issue 17). report.json holds findings, which know no test; only the judgement at a test's end
 * knows which test a leak failed. The one owner of the running tests' names and of the verdicts.
 * Everything kept is what the failure message already shows (descriptions are redacted where they
 * are made), bounded so that a suite of thousands of leaking tests cannot grow it without end.
 */
public final class CiVerdicts {
    /** Failed tests kept; the count goes on past it. */
    static final int MAX_TESTS = 2_000;
    /** Leaks kept per failed test (the message lists ten). */
    static final int MAX_LEAKS = 10;
    static final int MAX_STACK = 64;

    /** Running tests: number -> "class.method". */
    private static final Map<Integer, String> NAMES = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<Failed> FAILED = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger FAILED_COUNT = new AtomicInteger();

    private CiVerdicts() {
    }

    /** One resource (or held lock) a test left behind. */
    public static final class Leak {
        public final String family;
        public final String type;
        /** The acquisition line, "class.method(File.java:42)". */
        public final String site;
        /** The resource's redacted description (path, endpoint, URL without credentials, lock). */
        public final String resource;
        public final String thread;
        /** How long it had been open (or held) when the test was judged; -1 if not known. */
        public final long ageMillis;
        public final List<String> stack;

        public Leak(String family, String type, String site, String resource, String thread, long ageMillis, String[] stack) {
            this.family = family;
            this.type = type;
            this.site = site;
            this.resource = resource;
            this.thread = thread;
            this.ageMillis = ageMillis;
            String[] s = stack == null ? new String[0] : stack;
            this.stack = Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(s, Math.min(s.length, MAX_STACK))));
        }
    }

    /** A test that failed for what it leaked. */
    public static final class Failed {
        public final String test;
        public final List<Leak> leaks;

        public Failed(String test, List<Leak> leaks) {
            this.test = test;
            this.leaks = Collections.unmodifiableList(leaks);
        }
    }

    /** A test starts: its name, for the report, should it fail. */
    static void started(int id, String testClass, String method) {
        if (id == 0) {
            return;
        }
        String cls = testClass == null ? "(unknown test class)" : testClass;
        NAMES.put(id, method == null ? cls : cls + "." + method);
    }

    /** The test failed for these leaks (records, then held locks). */
    static void failed(int id, List<Record> leaked, List<HeldLocks.Hold> locks) {
        failed(id, leaked, locks, List.<TrackedThread>of());
    }

    /** As above, with the threads the test left running (issue 16). */
    static void failed(int id, List<Record> leaked, List<HeldLocks.Hold> locks, List<TrackedThread> threads) {
        int n = FAILED_COUNT.incrementAndGet();
        if (n > MAX_TESTS) {
            return;
        }
        long now = System.nanoTime();
        List<Leak> out = new ArrayList<>();
        for (Record r : leaked) {
            if (out.size() == MAX_LEAKS) {
                break;
            }
            out.add(new Leak(r.familyName(), r.type(), r.site().frame, r.describe(), r.threadName, r.ageMillis(now),
                    r.stackLines()));
        }
        for (HeldLocks.Hold h : locks) {
            if (out.size() == MAX_LEAKS) {
                break;
            }
            out.add(new Leak("lock", LockOwners.type(h.sync, h.kind), h.site.frame, LockOwners.name(h.sync),
                    ThreadNames.of(h.thread), Math.max(0, (now - h.sinceNanos) / 1_000_000L), h.site.stack));
        }
        for (TrackedThread t : threads) {
            if (out.size() == MAX_LEAKS) {
                break;
            }
            out.add(new Leak("thread", t.pooled() ? "executor worker" : "thread", t.site().frame, ThreadNames.of(t.thread),
                    t.startedBy(), t.ageMillis(now), t.site().stack));
        }
        String name = NAMES.get(id);
        FAILED.add(new Failed(name == null ? "(test " + id + ")" : name, out));
    }

    /** The test was judged: its name is no longer needed. */
    static void finished(int id) {
        NAMES.remove(id);
    }

    /** The failed tests so far, in the order they failed (at most {@link #MAX_TESTS}). */
    public static List<Failed> failedTests() {
        return new ArrayList<>(FAILED);
    }

    /** How many tests failed for a leak, counting those past {@link #MAX_TESTS}. */
    public static int failedCount() {
        return FAILED_COUNT.get();
    }
}

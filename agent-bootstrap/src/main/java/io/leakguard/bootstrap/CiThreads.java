package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * ci mode: the threads a test started and left running (the thread family's part of a test's
 * judgement, see {@link CiTests}). A thread belongs to the test its starter worked for, a pool
 * worker to the test that created its executor (an executor a class created in @BeforeAll or a
 * static initializer works for no test, however late its workers start). Not counted: what a
 * static initializer created (the class's, for the life of the JVM), daemon threads a library
 * created (its process-wide pools), a thread or executor a running test class keeps in a static
 * field (its fixture; unlike resources, not judged again at the class's end), one a field of a
 * PER_CLASS test instance reaches (judged at that run's end instead, ClassOwned), one a static field
 * of another class on its start() stack reaches (a shared server's, see ClassOwned), ignore.sites,
 * ci.baseline sites; the JDK's, test frameworks'
 * and the agent's threads are not tracked at all ({@link ThreadOrigin}).
 *
 * <p>After ci.grace, each executor that still has a worker running is asked whether it was shut
 * down: one that was gets what is left of ci.thread-wait (after the wait for the threads holding
 * what the test left, CiTests) to let its workers finish, and so does one whose
 * threads all time out when idle (allowCoreThreadTimeOut) and a plain thread the test started;
 * an executor that was not shut down and keeps its threads fails the test at once, at the line
 * that created it.
 */
final class CiThreads {
    private CiThreads() {
    }

    /** The test's tracked threads that are running now and count. */
    static List<TrackedThread> running(int id) {
        List<TrackedThread> out = new ArrayList<>();
        for (TrackedThread t : Threads.live()) {
            ThreadOrigin o = t.origin;
            if (o.testId() != id) {
                continue;
            }
            if (exempt(t)) {
                continue;
            }
            if (notTheTests(t)) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /**
     * ci mode, rule 13: a live thread other than the test's own holds a lock the test took. It is
     * left out only when it is positively not the test's: a thread of this test's that the thread
     * rules leave out (a shared server's event loop holds its processing lock for its life). A
     * worker of an executor made outside the test (in @BeforeAll, by a helper) that ran the
     * test's task and kept its lock, or a thread the agent does not track, still counts.
     */
    static boolean holderNotTheTests(Thread holder, int id) {
        TrackedThread t = Threads.of(holder);
        return t != null && t.origin.testId() == id && notTheTests(t);
    }

    /**
     * What the thread rules leave out, whatever the test: what a static initializer started, a
     * library's daemon threads, a running test class's fixture (its static field holds the
     * thread or its executor; a PER_CLASS test instance's field, which also registers it to be
     * judged at that run's end), a static structure's thread. Not ignore.sites nor ci.baseline: those
     * name the thread's line, not the locks it holds.
     */
    static boolean notTheTests(TrackedThread t) {
        ThreadOrigin o = t.origin;
        if (o.inStaticInitializer || (o.library && t.thread.isDaemon())) {
            return true;
        }
        Object executor = t.executor != null ? t.executor.get() : null;
        Object held = executor != null ? executor : t.thread;
        Object wrapper = executor != null ? Threads.wrapperOf(executor) : null;
        if (ClassOwned.heldByARunningClass(held) || ClassOwned.heldByARunningClass(wrapper)) {
            return true;
        }
        // A PER_CLASS test instance's fixture: judged at its class's end instead.
        if (ClassOwned.deferredToATestInstance(t, held) || ClassOwned.deferredToATestInstance(t, wrapper)) {
            return true;
        }
        return aStructuresThread(t, executor, MAX_CREATORS);
    }

    /** How far up a chain of creating threads a static structure is looked for. */
    private static final int MAX_CREATORS = 3;

    /**
     * A class on its start() stack keeps it in a static structure (a shared test server's event
     * loop, started by the first test that needed the server: jsoup's suite), or its creator is
     * such a thread (the server's acceptor loop starting an I/O loop for a connection): the
     * structure's, not the test's.
     */
    private static boolean aStructuresThread(TrackedThread t, Object executor, int creators) {
        if (ClassOwned.threadHeldByAClassOnItsStack(t, executor, executor == null ? null : Threads.wrapperOf(executor))) {
            return true;
        }
        Thread creator = t.origin.creator();
        if (creators == 0 || creator == null || creator == t.thread) {
            return false;
        }
        TrackedThread c = Threads.of(creator);
        return c != null && aStructuresThread(c, c.executor == null ? null : c.executor.get(), creators - 1);
    }

    private static boolean ignoredSite(Site site) {
        Exemptions f = CiTests.filter();
        return f != null && f.ignoredSite(site);
    }

    /**
     * After ci.grace: what is still running once the executors that were shut down have had up to
     * waitMillis to end their workers.
     */
    static List<TrackedThread> afterGrace(int id, long waitMillis) throws InterruptedException {
        List<TrackedThread> left = running(id);
        if (left.isEmpty()) {
            return left;
        }
        return waitFor(left, waitMillis) ? running(id) : left;
    }

    /** ignore.sites and ci.baseline (issue 17) name the thread's line: it is no leak of anyone's. */
    static boolean exempt(TrackedThread t) {
        return ignoredSite(t.origin.site) || CiBaseline.known("thread", t.origin.site);
    }

    /**
     * Up to waitMillis for the threads that may still end by themselves: the workers of an
     * executor that was shut down, a plain thread, an executor whose threads all time out when
     * idle. Whether it waited at all. Shared by a test's end and a PER_CLASS run's end (ClassOwned).
     */
    static boolean waitFor(List<TrackedThread> left, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + nanos(waitMillis);
        Map<Object, Boolean> asked = new IdentityHashMap<>();
        List<Thread> plain = new ArrayList<>();
        List<ThreadPoolExecutor> timingOut = new ArrayList<>();
        boolean waited = false;
        for (TrackedThread t : left) {
            Object ex = t.executor == null ? null : t.executor.get();
            if (ex == null) {
                plain.add(t.thread);
                continue;
            }
            if (!(ex instanceof ExecutorService) || asked.containsKey(ex)) {
                continue;
            }
            ExecutorService es = (ExecutorService) ex;
            boolean shutDown = es.isShutdown();
            asked.put(ex, shutDown);
            long left0 = deadline - System.nanoTime();
            if (shutDown && left0 > 0) {
                es.awaitTermination(left0, TimeUnit.NANOSECONDS);
                waited = true;
            } else if (!shutDown && ex instanceof ThreadPoolExecutor && ((ThreadPoolExecutor) ex).allowsCoreThreadTimeOut()) {
                timingOut.add((ThreadPoolExecutor) ex);
            }
        }
        // A plain thread the test started (its own worker, sleeping out its last second) and an
        // executor whose every thread times out when idle end by themselves: within what is left
        // of the wait, that is no leak (HikariCP's ShutdownTest, TestSaturatedPool830).
        for (Thread th : plain) {
            long rest = deadline - System.nanoTime();
            if (rest <= 0) {
                break;
            }
            if (th != Thread.currentThread()) {
                th.join(Math.max(1, rest / 1_000_000L));
                waited = true;
            }
        }
        List<ThreadPoolExecutor> drained = new ArrayList<>();
        while (!timingOut.isEmpty() && deadline - System.nanoTime() > 0) {
            for (java.util.Iterator<ThreadPoolExecutor> i = timingOut.iterator(); i.hasNext(); ) {
                ThreadPoolExecutor ex = i.next();
                if (ex.getPoolSize() == 0) {
                    i.remove();
                    drained.add(ex);
                }
            }
            if (!timingOut.isEmpty()) {
                Thread.sleep(20);
                waited = true;
            }
        }
        // A worker leaves the pool's count before its thread ends: joined within what is left of
        // the wait, or one still on its way out (the ci sample's timing-out executor, on a loaded
        // machine) failed a test that leaked nothing.
        for (TrackedThread t : left) {
            Object ex = t.executor == null ? null : t.executor.get();
            long rest = deadline - System.nanoTime();
            if (ex != null && rest > 0 && t.thread != Thread.currentThread() && containsIdentical(drained, ex)) {
                t.thread.join(Math.max(1, rest / 1_000_000L));
                waited = true;
            }
        }
        return waited;
    }

    /**
     * A wait in nanoseconds, for a deadline on System.nanoTime(): never negative, and at most a
     * century, so a huge ci.thread-wait (the option accepts hours in twelve digits) does not wrap
     * the deadline into the past and silently not wait at all.
     */
    static long nanos(long millis) {
        return Math.max(0, Math.min(millis, 100L * 365 * 24 * 3600 * 1000)) * 1_000_000L;
    }

    private static boolean containsIdentical(List<?> list, Object o) {
        for (Object e : list) {
            if (e == o) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure message: the resources' message (null if none) followed by the threads, pool
     * workers grouped by their executor.
     */
    static String message(String resources, List<TrackedThread> threads, long graceMillis, String testClass) {
        if (threads.isEmpty()) {
            return resources;
        }
        StringBuilder sb = new StringBuilder();
        if (resources == null) {
            sb.append("leakguard: this test left ").append(threads.size()).append(threads.size() == 1 ? " thread" : " threads")
                    .append(" running (").append(graceMillis).append(" ms after it finished):");
        } else {
            sb.append(resources).append("\n  and left ").append(threads.size())
                    .append(threads.size() == 1 ? " thread" : " threads").append(" running:");
        }
        Map<Object, List<TrackedThread>> byExecutor = new LinkedHashMap<>();
        Thread self = Thread.currentThread();
        for (TrackedThread t : threads) {
            Object ex = t.executor == null ? null : t.executor.get();
            if (ex == null) {
                sb.append("\n  thread \"").append(ThreadNames.of(t.thread)).append('"')
                        .append(t.thread.isDaemon() ? " (daemon)" : "").append(" started at ").append(t.origin.site.frame)
                        .append(" by thread ").append(t.origin.creatorThread)
                        .append(t.origin.owner != null && t.origin.owner.thread != self ? ", a thread the test started" : "");
                StackLines.append(sb, t.origin.site.stack, testClass);
            } else {
                byExecutor.computeIfAbsent(new Identity(ex), k -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<Object, List<TrackedThread>> e : byExecutor.entrySet()) {
            List<TrackedThread> ws = e.getValue();
            TrackedThread first = ws.get(0);
            ExecutorService es = (ExecutorService) ((Identity) e.getKey()).ref;
            sb.append("\n  executor ").append(es.getClass().getSimpleName()).append(" created at ")
                    .append(first.origin.site.frame).append(" by thread ").append(first.origin.creatorThread)
                    .append(es.isShutdown() ? ", shut down but its workers still run" : ", never shut down").append(": ")
                    .append(ws.size()).append(ws.size() == 1 ? " worker" : " workers").append(" running (");
            for (int i = 0; i < ws.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(ThreadNames.of(ws.get(i).thread));
            }
            sb.append(')');
            StackLines.append(sb, first.origin.site.stack, testClass);
        }
        return sb.toString();
    }

    /** A map key by identity (an executor may override equals). */
    private static final class Identity {
        final Object ref;

        Identity(Object ref) {
            this.ref = ref;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity && ((Identity) o).ref == ref;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(ref);
        }
    }
}

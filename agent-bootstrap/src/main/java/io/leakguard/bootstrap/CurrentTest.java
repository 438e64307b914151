package io.leakguard.bootstrap;

import java.util.concurrent.ForkJoinWorkerThread;

/**
 * ci mode: which test a thread works for. Per thread, not per process, because tests run at the
 * same time (JUnit Jupiter's parallel execution): the test's own thread is set when the test
 * starts and restored when it ends, and a thread inherits the test of the thread that
 * constructed it, transitively (an executor the test creates builds its threads lazily, on the
 * test's thread). Threads constructed outside any test (a class's prestarted executor, JUnit's
 * workers) work for no test and fail none.
 *
 * <p>ForkJoinPool workers are the exception: the pool builds them whenever work arrives, on
 * whichever thread submitted it, and keeps them for unrelated work (JUnit's own executor, the
 * common pool). One built while a test ran would charge that test forever, so a worker works
 * for a test only while a test started on it.
 *
 * <p>Kept apart from {@link CiTests}, which starts and ends tests, so that a record (which reads
 * it when it is created) depends on no policy. Other modes pay one volatile read of {@link #on}.
 */
final class CurrentTest {
    /** ci mode; until it is on, no thread ever gets a value, so thread creation pays nothing. */
    static volatile boolean on;

    /** No lambda: initialised inside instrumented JDK code. */
    private static final class Inherited extends InheritableThreadLocal<Owner> {
        /** On the parent thread, while the child is constructed: a fresh owner for the child. */
        @Override
        protected Owner childValue(Owner parent) {
            Owner effective = effective(parent);
            return effective == null ? null
                    : new Owner(effective.id, effective.testClass, effective.testThread, null, null);
        }
    }

    private static final Inherited OWNER = new Inherited();

    /**
     * The test one thread works for. Each thread has its own (a child gets a copy), so its
     * {@link #thread} is that thread's, set by the thread itself on first use.
     */
    static final class Owner {
        final int id;
        /** The test's class name, or null when the framework did not say. */
        final String testClass;
        /** The thread the test itself runs on. */
        final Thread testThread;
        /** What this thread worked for before the test started on it; restored at its end. Null if inherited. */
        final Owner previous;
        /** The thread this owner belongs to; null until that thread first uses it. */
        Thread thread;

        Owner(int id, String testClass, Thread testThread, Owner previous, Thread thread) {
            this.id = id;
            this.testClass = testClass;
            this.testThread = testThread;
            this.previous = previous;
            this.thread = thread;
        }

        /** Set by a test starting on this thread, rather than inherited from another. */
        boolean started() {
            return testThread == thread;
        }
    }

    private CurrentTest() {
    }

    /** The test the calling thread works for, or null (and in the other modes). */
    static Owner owner() {
        return on ? effective(OWNER.get()) : null;
    }

    /** The calling thread's test number, 0 for none (and in the other modes). */
    static int id() {
        Owner o = owner();
        return o == null ? 0 : o.id;
    }

    /** The calling thread's owner, adopted on first use: a ForkJoinPool worker drops an inherited one. */
    private static Owner effective(Owner o) {
        if (o == null || o.thread != null) {
            return o;
        }
        Thread t = Thread.currentThread();
        if (t instanceof ForkJoinWorkerThread) {
            OWNER.set(null);
            return null;
        }
        o.thread = t;
        return o;
    }

    /** A test starts on the calling thread. */
    static void started(int id, String testClass) {
        Thread t = Thread.currentThread();
        OWNER.set(new Owner(id, testClass, t, effective(OWNER.get()), t));
    }

    /**
     * The test ends on the calling thread: it works again for what it worked for before (a
     * worker that ran this test while waiting inside another, the other; otherwise nothing).
     */
    static void finished(int id) {
        Owner o = OWNER.get();
        for (Owner p = o; p != null && p.started(); p = p.previous) {
            if (p.id == id) {
                OWNER.set(p.previous);
                return;
            }
        }
    }
}

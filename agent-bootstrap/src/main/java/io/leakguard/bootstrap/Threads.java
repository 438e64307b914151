package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The thread family: platform threads the application started, from Thread.start() to
 * Thread.exit(), each with the line that started it, or for a ThreadPoolExecutor's worker the
 * line that created the executor (its constructor and addWorker are woven: the worker's start()
 * happens inside addWorker, on whichever thread submitted the task). The one owner of that state;
 * the scanner counts live threads per line from {@link #live()}, ci mode asks which a test left.
 *
 * <p>Not tracked: what the JDK, a test framework or the agent starts ({@link ThreadOrigin}),
 * ForkJoinPool workers (the pool builds them whenever work arrives, on whichever thread submitted
 * it, and keeps them for unrelated work), the workers of executors that are not tracked, and
 * virtual threads (they do not go through Thread.start(); one by one they would cost too much).
 * Thread starts are rare next to I/O: the cost is one stack walk per start (or none, for a pool
 * worker), a map insert, and a map removal at the thread's end.
 */
public final class Threads {
    private static volatile boolean on;
    /** Live tracked threads; a thread leaves at its exit(). */
    private static final ConcurrentHashMap<Thread, TrackedThread> LIVE = new ConcurrentHashMap<>();
    /** Executors the application created, with where; weak keys (ThreadPoolExecutor keeps identity equality). */
    private static final Map<Object, ThreadOrigin> EXECUTORS = new WeakHashMap<>();
    /** Executors' wrapper of a tracked executor (what the application holds), weakly both ways. Guarded by EXECUTORS. */
    private static final Map<Object, java.lang.ref.WeakReference<Object>> WRAPPERS = new WeakHashMap<>();

    /** No lambda: initialised inside instrumented JDK code. */
    private static final class Adding extends ThreadLocal<Object> {
    }

    /** The executor whose addWorker runs on this thread (the worker's start() happens inside it). */
    private static final Adding ADDING = new Adding();

    private Threads() {
    }

    public static void configure(boolean enabled) {
        on = enabled;
    }

    private static boolean skip() {
        return !on || !Acquisitions.active || Thread.currentThread() instanceof AgentThread;
    }

    /** A ThreadPoolExecutor (or subclass) was constructed. */
    static void executorCreated(Object executor) {
        if (skip()) {
            return;
        }
        ThreadState g = ThreadState.get();
        if (g.depth != 0) {
            return;
        }
        g.depth++;
        try {
            ThreadOrigin o = ThreadOrigin.here();
            if (o != null) {
                synchronized (EXECUTORS) {
                    EXECUTORS.put(executor, o);
                }
            }
        } finally {
            g.depth--;
        }
    }

    static void executorWrapped(Object wrapper, Object executor) {
        if (!on || wrapper == null || executor == null) {
            return;
        }
        synchronized (EXECUTORS) {
            if (EXECUTORS.containsKey(executor)) {
                WRAPPERS.put(executor, new java.lang.ref.WeakReference<>(wrapper));
            }
        }
    }

    /** The Executors wrapper the application holds around this executor, or null. */
    static Object wrapperOf(Object executor) {
        synchronized (EXECUTORS) {
            java.lang.ref.WeakReference<Object> w = WRAPPERS.get(executor);
            return w == null ? null : w.get();
        }
    }

    static void workerAdding(Object executor) {
        if (on) {
            ADDING.set(executor);
        }
    }

    static void workerAdded() {
        if (on) {
            ADDING.remove();
        }
    }

    /** Thread.start() returned: the thread runs. */
    static void started(Object started) {
        if (skip() || !(started instanceof Thread) || started instanceof AgentThread
                || started instanceof ForkJoinWorkerThread) {
            return;
        }
        Thread t = (Thread) started;
        ThreadState g = ThreadState.get();
        if (g.depth != 0) {
            return;
        }
        g.depth++;
        try {
            Object executor = ADDING.get();
            ThreadOrigin o;
            if (executor != null) {
                synchronized (EXECUTORS) {
                    o = EXECUTORS.get(executor);
                }
            } else {
                o = ThreadOrigin.here();
            }
            if (o != null && t.isAlive()) {
                LIVE.put(t, new TrackedThread(t, o, executor));
            }
        } finally {
            g.depth--;
        }
    }

    /** Thread.exit(): the thread ends. */
    static void ended(Object thread) {
        if (!LIVE.isEmpty()) {
            LIVE.remove(thread);
        }
    }

    /** The running thread's record, or null when it is not tracked. */
    static TrackedThread of(Thread t) {
        return LIVE.get(t);
    }

    /** The live tracked threads (any that ended without exit() are dropped here). */
    public static List<TrackedThread> live() {
        List<TrackedThread> out = new ArrayList<>(LIVE.size());
        for (TrackedThread t : LIVE.values()) {
            if (t.thread.isAlive()) {
                out.add(t);
            } else {
                LIVE.remove(t.thread, t);
            }
        }
        return out;
    }

    /** How many tracked threads are live now (a gauge). */
    public static int liveCount() {
        return LIVE.size();
    }
}

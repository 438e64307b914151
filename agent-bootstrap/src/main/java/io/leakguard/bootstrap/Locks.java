package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The lock family's entry points. An uncontended lock()+unlock() costs a few nanoseconds, so
 * nothing is recorded on that path by default: one volatile read and it returns. What is
 * recorded:
 * <ul>
 * <li>waits, always: the JDK's slow path (AbstractQueuedSynchronizer's queueing acquire)
 *     registers the waiting thread, the lock and since when. A wait costs microseconds, so a
 *     map entry there is noise. The lock watch turns long waits into findings and follows
 *     waiters to owners to find deadlock cycles;</li>
 * <li>holds, when hold tracking is on: which thread holds which lock since when, and the line
 *     that took it (a per-thread stack; about 8 ns per lock+unlock, measured). Needed for the
 *     acquisition line of a lock that was taken without contention, for long holds and for
 *     owners that die holding a lock. {@code lock.track-holds=auto} (the default) switches it on
 *     for the whole JVM after the first lock problem, so the next one is reported with its
 *     line; {@code always} from the start (the default in ci mode); {@code off} never.</li>
 * </ul>
 */
public final class Locks {
    public static final int TRACK_OFF = 0;
    public static final int TRACK_AUTO = 1;
    public static final int TRACK_ALWAYS = 2;

    private static volatile boolean on;
    private static volatile boolean tracking;
    private static volatile int trackMode = TRACK_AUTO;
    private static volatile boolean throwOnTimeout;
    private static volatile long waitTimeoutNanos = TimeUnit.SECONDS.toNanos(1);

    /** Every thread's held-lock stack (while tracking); the lock watch prunes dead threads. */
    private static final ConcurrentLinkedQueue<HeldLocks> REGISTRY = new ConcurrentLinkedQueue<>();
    private static final ConcurrentHashMap<Thread, LockWait> WAITERS = new ConcurrentHashMap<>();
    /** No initial value: a thread that only unlocks never gets a stack. */
    private static final ThreadLocal<HeldLocks> HELD = new ThreadLocal<>();

    private Locks() {
    }

    public static void configure(LockSettings s) {
        int track = s.trackHolds;
        long waitTimeoutMillis = s.waitTimeoutMillis;
        trackMode = track;
        waitTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(waitTimeoutMillis);
        throwOnTimeout = s.throwOnTimeout && waitTimeoutMillis > 0;
        if (track == TRACK_ALWAYS) {
            tracking = true;
        } else if (track == TRACK_OFF) {
            tracking = false;
        }
        on = s.enabled;
    }

    public static void stop() {
        on = false;
        tracking = false;
        throwOnTimeout = false;
        WAITERS.clear();
        REGISTRY.clear();
    }

    public static boolean tracking() {
        return tracking;
    }

    /** A lock problem was found: in auto mode, from now on every hold is recorded with its line. */
    public static boolean problemSeen() {
        if (on && !tracking && trackMode == TRACK_AUTO) {
            tracking = true;
            return true;
        }
        return false;
    }

    // ---- advice entry points ----

    /** lock(), lockInterruptibly(), tryLock() returned holding the lock. */
    public static void acquired(Object sync, byte kind) {
        if (tracking) {
            hold(sync, kind);
        }
    }

    /** tryLock() or tryLock(timeout) returned; acquired tells whether it got the lock. */
    public static void tried(Object sync, byte kind, boolean acquired) {
        if (acquired && tracking) {
            hold(sync, kind);
        }
    }

    /** unlock() returned. */
    public static void released(Object sync) {
        if (tracking) {
            try {
                if (Faults.ON) {
                    Faults.inject("lock release");
                }
                HeldLocks h = HELD.get();
                if (h != null) {
                    h.pop(sync);
                }
            } catch (Throwable t) {
                holdTrackingFailed("lock release", t);
            }
        }
    }

    /** A thread enters the JDK's queueing acquire: it has to wait. */
    public static void waitBegins(Object sync) {
        if (on) {
            try {
                if (Faults.ON) {
                    Faults.inject("lock wait");
                }
                if (LockOwners.isLockSync(sync)) {
                    Thread t = Thread.currentThread();
                    if (!(t instanceof AgentThread)) {
                        WAITERS.put(t, new LockWait(t, sync, System.nanoTime()));
                    }
                }
            } catch (Throwable t) {
                waitWatchFailed("lock wait", t);
            }
        }
    }

    /** The queueing acquire returned (acquired, timed out, interrupted). */
    public static void waitEnds(Object sync) {
        if (on) {
            try {
                if (LockOwners.isLockSync(sync)) {
                    LockWait w = WAITERS.remove(Thread.currentThread());
                    if (w != null) {
                        Counters.LOCK_WAITS.increment();
                        Counters.LOCK_WAIT_NANOS.add(System.nanoTime() - w.sinceNanos);
                    }
                }
            } catch (Throwable t) {
                waitWatchFailed("lock wait end", t);
            }
        }
    }

    /** Hold tracking keeps failing: switch it off for good (waits are still watched). */
    private static void holdTrackingFailed(String where, Throwable t) {
        if (AgentErrors.recordAndCount(where, t) == AgentErrors.SWITCH_OFF_AFTER) {
            trackMode = TRACK_OFF;
            tracking = false;
            AgentErrors.switchedOff("lock hold tracking (" + where + ")", "lock waits and deadlocks are still watched");
        }
    }

    /** Watching waits keeps failing: the lock family goes quiet. */
    private static void waitWatchFailed(String where, Throwable t) {
        if (AgentErrors.recordAndCount(where, t) == AgentErrors.SWITCH_OFF_AFTER) {
            on = false;
            tracking = false;
            AgentErrors.switchedOff("lock watching (" + where + ")", "locks are no longer watched; resources still are");
        }
    }

    /**
     * Enforce mode, lock.on-timeout=throw: the contended acquire of lock() (and of the read and
     * write locks) waits at most lock.wait-timeout, then throws. Returns true when it acquired the
     * lock (the original wait-forever is then skipped), false to leave it to the JDK. An
     * interrupt during the wait is kept for later, as lock() would.
     */
    public static boolean acquireWithin(Object sync, long arg, boolean shared) {
        if (!throwOnTimeout || !on) {
            return false;
        }
        long timeout;
        try {
            if (!LockOwners.isLockSync(sync) || Thread.currentThread() instanceof AgentThread) {
                return false;
            }
            timeout = waitTimeoutNanos;
        } catch (Throwable t) {
            AgentErrors.record("lock timeout", t);
            return false;
        }
        long deadline = System.nanoTime() + timeout;
        boolean interrupted = false;
        try {
            long remaining = timeout;
            while (remaining > 0) {
                try {
                    if (tryAcquire(sync, arg, shared, remaining)) {
                        return true;
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                remaining = deadline - System.nanoTime();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        String message = timeoutMessage(sync, shared, timeout);
        problemSeen();
        Events.lockTimeout(LockOwners.type(sync, shared ? LockOwners.READ : LockOwners.WRITE), message);
        throw trimmed(new LockWaitTimeoutException(message));
    }

    /** The JDK's own timed acquire; a read/write lock's synchronizer has a long state since JDK 24. */
    private static boolean tryAcquire(Object sync, long arg, boolean shared, long nanos) throws InterruptedException {
        if (sync instanceof AbstractQueuedSynchronizer) {
            AbstractQueuedSynchronizer s = (AbstractQueuedSynchronizer) sync;
            return shared ? s.tryAcquireSharedNanos((int) arg, nanos) : s.tryAcquireNanos((int) arg, nanos);
        }
        AbstractQueuedLongSynchronizer s = (AbstractQueuedLongSynchronizer) sync;
        return shared ? s.tryAcquireSharedNanos(arg, nanos) : s.tryAcquireNanos(arg, nanos);
    }

    /** The exception starts at the JDK's lock frames, as if lock() had thrown it: our own frame helps nobody. */
    private static RuntimeException trimmed(RuntimeException e) {
        StackTraceElement[] st = e.getStackTrace();
        int i = 0;
        while (i < st.length && st[i].getClassName().startsWith("io.leakguard.")) {
            i++;
        }
        e.setStackTrace(java.util.Arrays.copyOfRange(st, i, st.length));
        return e;
    }

    private static String timeoutMessage(Object sync, boolean shared, long timeoutNanos) {
        try {
            StringBuilder sb = new StringBuilder("leakguard: gave up waiting for ")
                    .append(LockOwners.type(sync, shared ? LockOwners.READ : LockOwners.WRITE)).append(' ')
                    .append(LockOwners.name(sync)).append(" after ").append(TimeUnit.NANOSECONDS.toMillis(timeoutNanos))
                    .append(" ms (lock.on-timeout=throw; the lock was not acquired)");
            Thread owner = LockOwners.owner(sync);
            if (owner != null) {
                sb.append(": held by thread \"").append(ThreadNames.of(owner)).append("\" (")
                        .append(owner.isAlive() ? owner.getState() : "terminated").append(')');
                HeldLocks.Hold hold = holdOf(owner, sync);
                sb.append(hold != null && hold.siteKnown() ? ", acquired at " + hold.site.frame
                        : ", acquisition site unknown (hold tracking was off)");
            } else if (LockOwners.readHolds(sync) > 0) {
                sb.append(": held by ").append(LockOwners.readHolds(sync)).append(" read hold(s)");
            }
            return sb.toString();
        } catch (Throwable t) {
            AgentErrors.record("lock timeout message", t);
            return "leakguard: gave up waiting for a lock (lock.on-timeout=throw)";
        }
    }

    // ---- for the lock watch and ci mode ----

    public static Collection<LockWait> waiters() {
        return WAITERS.values();
    }

    public static LockWait waitOf(Thread t) {
        return WAITERS.get(t);
    }

    /** Every recorded hold of every thread (a snapshot). */
    public static List<HeldLocks> threads() {
        return new ArrayList<>(REGISTRY);
    }

    /** Forgets a terminated thread's stack once the lock watch has looked at it. */
    public static void forget(HeldLocks h) {
        REGISTRY.remove(h);
    }

    /** The recorded hold of this lock by this thread, or null. */
    public static HeldLocks.Hold holdOf(Thread owner, Object sync) {
        for (HeldLocks h : REGISTRY) {
            if (h.thread == owner) {
                for (HeldLocks.Hold hold : h.snapshot()) {
                    if (hold.sync == sync) {
                        return hold;
                    }
                }
            }
        }
        return null;
    }

    // ---- hold tracking ----

    private static void hold(Object sync, byte kind) {
        HeldLocks h = HELD.get();
        if (h == null) {
            Thread t = Thread.currentThread();
            if (t instanceof AgentThread || !on) {
                return;
            }
            h = new HeldLocks(t);
            HELD.set(h);
            REGISTRY.add(h);
        }
        if (h.busy) {
            return;
        }
        h.busy = true;
        try {
            if (Faults.ON) {
                Faults.inject("lock tracking");
            }
            long now = Clock.now();
            CurrentTest.Owner test = CurrentTest.owner();
            // ci mode: a test's own thread walks on its own budget alone, so that other threads
            // (a pool's, a logger's, the test's workers) spending the process's cannot leave a
            // lock the test leaks without the line that judges it.
            Site site = site(h, sync, now, test);
            if (site != null) {
                h.push(sync, kind, now, site, test == null ? 0 : test.id);
            }
        } catch (Throwable t) {
            holdTrackingFailed("lock tracking", t);
        } finally {
            h.busy = false;
        }
    }

    /**
     * The line that took the lock, under the resources' time budget (site.budget, default at
     * most 5 % of the thread's time (a walk costs about 2 µs, 400 uncontended locks). In ci mode
     * too, unlike resources: a test suite's tight lock loops (a logger's, the JDK's own) would
     * otherwise run hundreds of times slower; a lock a test leaks is taken in ordinary code,
     * where the budget has room.
     */
    private static Site site(HeldLocks h, Object sync, long now, CurrentTest.Owner test) {
        // A lock the JDK's own code took before (a queue's, a stream's) is not walked again: a
        // test looping over a queue spent its whole budget on them, and the lock it then leaked
        // got no line, so ci mode let the test pass.
        if (h.knownJdkLock(sync)) {
            return null;
        }
        long divisor = SiteBudget.divisor();
        if (divisor != 0 && !h.mayWalk(now, divisor, test != null && test.started())) {
            return SiteCapture.UNSAMPLED;
        }
        long before = divisor != 0 ? System.nanoTime() : 0;
        Site s = SiteCapture.lockSite(test == null ? 0 : test.id);
        if (divisor != 0) {
            h.spent(Math.min(SiteBudget.MAX_CHARGE_NANOS, System.nanoTime() - before));
        }
        if (s == SiteCapture.JDK_LOCK) {
            h.rememberJdkLock(sync);
            return null;
        }
        return s;
    }
}

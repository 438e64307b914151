package io.leakguard.bootstrap;

import java.lang.reflect.Method;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;

/**
 * What a lock's own state says: its owner thread and read-hold count, read by reflection on the
 * JDK's synchronizer (the agent opens java.util.concurrent.locks to the boot class path's module
 * first). Used off the hot path only: by the lock watch, ci mode and the timeout exception.
 */
public final class LockOwners {
    public static final byte REENTRANT = 0;
    public static final byte WRITE = 1;
    public static final byte READ = 2;

    private static final Class<?> RL_NONFAIR = load("java.util.concurrent.locks.ReentrantLock$NonfairSync");
    private static final Class<?> RL_FAIR = load("java.util.concurrent.locks.ReentrantLock$FairSync");
    private static final Class<?> RW_NONFAIR = load("java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync");
    private static final Class<?> RW_FAIR = load("java.util.concurrent.locks.ReentrantReadWriteLock$FairSync");

    private static volatile Method ownerMethod;
    private static volatile Method readCountMethod;

    private LockOwners() {
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return Void.class;
        }
    }

    /** Called by the agent once java.util.concurrent.locks is open to this module. */
    public static void init() {
        try {
            Method m = AbstractOwnableSynchronizer.class.getDeclaredMethod("getExclusiveOwnerThread");
            m.setAccessible(true);
            ownerMethod = m;
            Method r = Class.forName("java.util.concurrent.locks.ReentrantReadWriteLock$Sync", false, null)
                    .getDeclaredMethod("getReadLockCount");
            r.setAccessible(true);
            readCountMethod = r;
        } catch (Throwable t) {
            AgentErrors.record("lock owner probe", t);
        }
    }

    /** Whether this synchronizer is a ReentrantLock's or a ReentrantReadWriteLock's (not a latch, a semaphore, a pool worker). */
    public static boolean isLockSync(Object sync) {
        Class<?> c = sync.getClass();
        return c == RL_NONFAIR || c == RL_FAIR || c == RW_NONFAIR || c == RW_FAIR;
    }

    static boolean isReadWrite(Object sync) {
        Class<?> c = sync.getClass();
        return c == RW_NONFAIR || c == RW_FAIR;
    }

    /** The thread holding the lock exclusively (a ReentrantLock, a write lock), or null. */
    public static Thread owner(Object sync) {
        Method m = ownerMethod;
        if (m == null || !(sync instanceof AbstractOwnableSynchronizer)) {
            return null;
        }
        try {
            return (Thread) m.invoke(sync);
        } catch (Throwable t) {
            AgentErrors.record("lock owner probe", t);
            return null;
        }
    }

    /** Read holds of a read/write lock (all threads), 0 for anything else. */
    public static int readHolds(Object sync) {
        Method m = readCountMethod;
        if (m == null || !isReadWrite(sync)) {
            return 0;
        }
        try {
            return (Integer) m.invoke(sync);
        } catch (Throwable t) {
            AgentErrors.record("lock read-count probe", t);
            return 0;
        }
    }

    /** Whether this hold is still real: the thread owns the lock (or, for a read hold, some reader does). */
    public static boolean stillHeld(HeldLocks.Hold h) {
        if (h.kind == READ) {
            return readHolds(h.sync) > 0;
        }
        return owner(h.sync) == h.thread;
    }

    /** The name the JDK's own thread information uses: class@identity hash in hex. */
    public static String name(Object sync) {
        return sync.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(sync));
    }

    /** What kind of lock, for reports: ReentrantLock, ReentrantReadWriteLock.writeLock, .readLock. */
    public static String type(Object sync, byte kind) {
        if (!isReadWrite(sync)) {
            return "ReentrantLock";
        }
        return kind == READ ? "ReentrantReadWriteLock.readLock" : "ReentrantReadWriteLock.writeLock";
    }
}

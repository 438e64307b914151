package io.leakguard.bootstrap;

/** A thread waiting for a ReentrantLock or read/write lock: registered on the slow path only. */
public final class LockWait {
    public final Thread thread;
    public final Object sync;
    public final long sinceNanos;
    /** Set by the lock watch once it has reported this wait, so one wait is one finding. */
    public volatile boolean reported;

    LockWait(Thread thread, Object sync, long sinceNanos) {
        this.thread = thread;
        this.sync = sync;
        this.sinceNanos = sinceNanos;
    }
}

package io.leakguard.bootstrap;

/**
 * One platform thread the application started, from start() to its end: where it came from (its
 * own start() line, or the line that created its executor) and, for a pool thread, the executor.
 * Kept by {@link Threads} while the thread runs; the executor is held weakly.
 */
public final class TrackedThread {
    final Thread thread;
    final ThreadOrigin origin;
    /** The executor whose worker it is, or null for a thread started directly. */
    final java.lang.ref.WeakReference<Object> executor;
    final long startedAtNanos;

    TrackedThread(Thread thread, ThreadOrigin origin, Object executor) {
        this.thread = thread;
        this.origin = origin;
        this.executor = executor == null ? null : new java.lang.ref.WeakReference<>(executor);
        this.startedAtNanos = Clock.now();
    }

    public Thread thread() {
        return thread;
    }

    /** The line that started it, or that created its executor. */
    public Site site() {
        return origin.site;
    }

    public boolean pooled() {
        return executor != null;
    }

    /** The name of the thread that started it (for a pool thread: that created the executor). */
    public String startedBy() {
        return origin.creatorThread;
    }

    public long ageMillis(long nowNanos) {
        return Math.max(0, (nowNanos - startedAtNanos) / 1_000_000L);
    }
}

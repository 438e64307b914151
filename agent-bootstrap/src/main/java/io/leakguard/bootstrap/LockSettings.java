package io.leakguard.bootstrap;

/** The lock.* options for {@link Locks#configure}; read once, at configure time. */
public final class LockSettings {
    /** lock: the lock family is watched. */
    public boolean enabled;
    /** lock.track-holds: {@link Locks#TRACK_OFF}, {@link Locks#TRACK_AUTO} or {@link Locks#TRACK_ALWAYS}. */
    public int trackHolds = Locks.TRACK_AUTO;
    /** mode=enforce with lock.on-timeout=throw: a contended lock() gives up after the wait timeout. */
    public boolean throwOnTimeout;
    /** lock.wait-timeout. */
    public long waitTimeoutMillis = 1_000;
}

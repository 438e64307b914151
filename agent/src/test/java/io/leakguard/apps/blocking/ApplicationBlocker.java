package io.leakguard.apps.blocking;

/**
 * An application's thread that enters a monitor: a class outside the agent's packages, so its
 * stack holds no agent frame (the lock watch's unit test needs one such waiter beside its own).
 */
public final class ApplicationBlocker implements Runnable {
    private final Object lock;

    public ApplicationBlocker(Object lock) {
        this.lock = lock;
    }

    @Override
    public void run() {
        synchronized (lock) {
            lock.hashCode();
        }
    }
}

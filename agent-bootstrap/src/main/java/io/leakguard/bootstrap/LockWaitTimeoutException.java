package io.leakguard.bootstrap;

/**
 * Thrown by lock() in enforce mode with lock.on-timeout=throw, when the wait passed
 * lock.wait-timeout: the message names the lock, its owner and where the owner took it. The
 * lock was not acquired. Unchecked, like the wait-forever it replaces.
 */
public final class LockWaitTimeoutException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LockWaitTimeoutException(String message) {
        super(message);
    }
}

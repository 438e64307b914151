package io.leakguard.agent.instrument.lock;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.bootstrap.Locks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The slow path of every lock, shared by AbstractQueuedSynchronizer (int state) and
 * AbstractQueuedLongSynchronizer (long state): the six-argument acquire(Node, arg, shared,
 * interruptible, timed, time) is where a thread queues and parks because the lock is taken
 * (lock(), lockInterruptibly(), tryLock(timeout), both halves of a read/write lock, and taking
 * the lock back after Condition.await()). Entering it registers a waiter; leaving it (acquired,
 * timed out, interrupted) removes it. Latches, semaphores and other synchronizers share the
 * method and pass through after a class check in Locks.
 *
 * <p>Enforce with lock.on-timeout=throw: acquire(arg) and acquireShared(arg), the contended
 * entries of lock() and of the read/write lock() calls, are bounded to lock.wait-timeout. The
 * enter advice then acquires itself and skips the original wait-forever, or throws.
 */
final class QueuedAcquireAdvice {
    private QueuedAcquireAdvice() {
    }

    /**
     * @param arg int for AbstractQueuedSynchronizer, long for AbstractQueuedLongSynchronizer
     * @param bounded whether lock.on-timeout=throw is configured: only then are acquire(arg) and
     *     acquireShared(arg) advised, since the read lock's uncontended path passes through
     *     acquireShared and should not pay for a check it never needs
     */
    static AsmVisitorWrapper forState(Class<?> arg, boolean bounded) {
        AsmVisitorWrapper queued = Advices.to(Queued.class).on(named("acquire").and(takesArguments(6)));
        if (!bounded) {
            return queued;
        }
        return new AsmVisitorWrapper.Compound(queued,
                Advices.to(Bounded.class).on(named("acquire").and(takesArguments(arg))),
                Advices.to(BoundedShared.class).on(named("acquireShared").and(takesArguments(arg))));
    }

    static final class Queued {
        private Queued() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self) {
            Locks.waitBegins(self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Locks.waitEnds(self);
        }
    }

    /**
     * Not suppressed: the LockWaitTimeoutException is the point; Locks catches its own failures.
     * The argument is read as a long: an int one is widened.
     */
    static final class Bounded {
        private Bounded() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Object self, @Advice.Argument(0) long arg) {
            return Locks.acquireWithin(self, arg, false);
        }
    }

    static final class BoundedShared {
        private BoundedShared() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Object self, @Advice.Argument(0) long arg) {
            return Locks.acquireWithin(self, arg, true);
        }
    }
}

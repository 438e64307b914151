package io.leakguard.agent.instrument.lock;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.bootstrap.Locks;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The advice shared by the three lock APIs (ReentrantLock and the read and write halves of a
 * ReentrantReadWriteLock): each holds its synchronizer in a field named {@code sync}, and all
 * have lock(), lockInterruptibly(), tryLock(), tryLock(timeout) and unlock(). The kind of hold is
 * a constant bound per target ({@link Kind}). With hold tracking off each advice is one volatile
 * read inside Locks.
 */
final class LockApiAdvice {
    private LockApiAdvice() {
    }

    /** Bound to LockOwners.REENTRANT, READ or WRITE by each target. */
    @Retention(RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(ElementType.PARAMETER)
    @interface Kind {
    }

    static AsmVisitorWrapper forKind(byte kind) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(Kind.class, kind);
        return new AsmVisitorWrapper.Compound(
                mapping.to(Locked.class).on(named("lock").or(named("lockInterruptibly")).and(takesNoArguments())),
                mapping.to(Tried.class).on(named("tryLock").and(takesNoArguments().or(takesArguments(2)))),
                mapping.to(Unlocked.class).on(named("unlock").and(takesNoArguments())));
    }

    /** Exit advice without onThrowable: runs only when the lock was acquired. */
    static final class Locked {
        private Locked() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("sync") Object sync, @Kind byte kind) {
            Locks.acquired(sync, kind);
        }
    }

    static final class Tried {
        private Tried() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("sync") Object sync, @Kind byte kind, @Advice.Return boolean acquired) {
            Locks.tried(sync, kind, acquired);
        }
    }

    static final class Unlocked {
        private Unlocked() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("sync") Object sync) {
            Locks.released(sync);
        }
    }
}

package io.leakguard.jmh;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Locks, the hottest thing the agent touches: an uncontended ReentrantLock lock()+unlock() (a
 * few nanoseconds), the same for a read lock, and two threads taking turns on one lock (every
 * acquisition may have to wait: the slow path the agent watches).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LockBenchmarks {
    @State(Scope.Thread)
    public static class Own {
        final ReentrantLock lock = new ReentrantLock();
        final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        final LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
        long counter;
    }

    @State(Scope.Group)
    public static class Shared {
        final ReentrantLock lock = new ReentrantLock();
        long counter;
    }

    @Benchmark
    public long uncontendedLockUnlock(Own s) {
        s.lock.lock();
        try {
            return ++s.counter;
        } finally {
            s.lock.unlock();
        }
    }

    @Benchmark
    public long readLockUnlock(Own s) {
        s.rw.readLock().lock();
        try {
            return s.counter;
        } finally {
            s.rw.readLock().unlock();
        }
    }

    /** Locks the JDK's own code takes (the queue's put and take locks): no application line to find. */
    @Benchmark
    public Long jdkQueueOfferPoll(Own s) {
        s.queue.offer(++s.counter);
        return s.queue.poll();
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(2)
    public long contendedTwoThreads(Shared s) {
        s.lock.lock();
        try {
            return ++s.counter;
        } finally {
            s.lock.unlock();
        }
    }
}

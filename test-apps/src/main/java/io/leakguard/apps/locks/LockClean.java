package io.leakguard.apps.locks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Heavy, correct lock traffic for a while: contended ReentrantLocks, read/write locks, tryLock,
 * a bounded buffer on a Condition (await releases the lock without unlock()), synchronized
 * blocks, an executor and a blocking queue (the JDK's own locks). Nothing to report.
 */
public final class LockClean {
    private static final ReentrantLock COUNTER = new ReentrantLock();
    private static final ReentrantReadWriteLock TABLE = new ReentrantReadWriteLock();
    private static final Object MONITOR = new Object();
    private static long counter;
    private static long monitorCounter;

    private LockClean() {
    }

    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 3000;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        AtomicLong ops = new AtomicLong();
        BoundedBuffer buffer = new BoundedBuffer(8);
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    COUNTER.lock();
                    try {
                        counter++;
                    } finally {
                        COUNTER.unlock();
                    }
                    TABLE.readLock().lock();
                    TABLE.readLock().unlock();
                    if (TABLE.writeLock().tryLock()) {
                        TABLE.writeLock().unlock();
                    }
                    synchronized (MONITOR) {
                        monitorCounter++;
                    }
                    queue.offer(1);
                    queue.poll();
                    ops.incrementAndGet();
                }
                return null;
            });
        }
        Thread producer = new Thread(() -> {
            int i = 0;
            while (System.nanoTime() < end) {
                buffer.put(i++);
            }
            buffer.put(-1);
        }, "producer");
        Thread consumer = new Thread(() -> {
            while (buffer.take() >= 0) {
                ops.incrementAndGet();
            }
        }, "consumer");
        producer.start();
        consumer.start();
        // A consumer that sits on an empty queue for longer than the thresholds: it holds no lock
        // while it waits (Condition.await released it).
        LinkedBlockingQueue<Integer> idle = new LinkedBlockingQueue<>();
        Thread idler = new Thread(() -> {
            try {
                idle.poll(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "idler");
        idler.start();
        producer.join();
        consumer.join();
        idler.join();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        System.out.println("LockClean: " + (ops.get() > 0) + " " + (counter > 0) + " " + (monitorCounter > 0));
    }

    /** The textbook bounded buffer: one lock, two conditions. */
    static final class BoundedBuffer {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notFull = lock.newCondition();
        private final Condition notEmpty = lock.newCondition();
        private final Deque<Integer> items = new ArrayDeque<>();
        private final int capacity;

        BoundedBuffer(int capacity) {
            this.capacity = capacity;
        }

        void put(int x) {
            lock.lock();
            try {
                while (items.size() == capacity) {
                    notFull.awaitUninterruptibly();
                }
                items.addLast(x);
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }

        int take() {
            lock.lock();
            try {
                while (items.isEmpty()) {
                    notEmpty.awaitUninterruptibly();
                }
                int x = items.removeFirst();
                notFull.signal();
                return x;
            } finally {
                lock.unlock();
            }
        }
    }
}

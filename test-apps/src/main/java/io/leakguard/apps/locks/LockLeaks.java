package io.leakguard.apps.locks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lock mistakes that freeze a service without an error, one per scenario (first argument). Each
 * program ends by itself: the threads stuck behind a lock are daemons, so the JVM exits after
 * the scenario's time, and the agent's findings are what is left to look at.
 *
 * <p>Several scenarios, comma-separated, run at the same time in one JVM (the first on the main
 * thread, each other on a thread named for it), so that a test pays one JVM and one scenario's
 * time for all of them; every scenario has locks of its own, so they do not meet.
 */
public final class LockLeaks {
    private static final ReentrantLock INVENTORY = new ReentrantLock();
    private static final ReentrantLock ORDERS = new ReentrantLock();
    private static final ReentrantLock PAYMENTS = new ReentrantLock();
    /** The deadlock's pair, apart from ORDERS (dead-owner) and PAYMENTS (slow-holder). */
    private static final ReentrantLock ACCOUNTS = new ReentrantLock();
    private static final ReentrantLock LEDGER = new ReentrantLock();
    private static final ReentrantReadWriteLock CATALOG = new ReentrantReadWriteLock();
    private static final Object LEFT = new Object();
    private static final Object RIGHT = new Object();

    private LockLeaks() {
    }

    public static void main(String[] args) throws Exception {
        String[] scenarios = args[0].split(",");
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 2500;
        // The other scenarios' threads stay alive to the end (daemons, never released), holding
        // what their scenario holds: a thread that ended would turn a held lock into a dead owner.
        CountDownLatch end = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(scenarios.length - 1);
        for (int i = 1; i < scenarios.length; i++) {
            String scenario = scenarios[i];
            Thread t = daemon("scenario-" + scenario, () -> {
                try {
                    run(scenario, millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
                awaitQuietly(end);
            });
            t.start();
        }
        run(scenarios[0], millis);
        done.await();
    }

    private static void run(String scenario, long millis) throws InterruptedException {
        switch (scenario) {
            case "missing-unlock":
                missingUnlock(millis);
                break;
            case "dead-owner":
                deadOwner(millis);
                break;
            case "deadlock":
                deadlock(millis);
                break;
            case "monitor-deadlock":
                monitorDeadlock(millis);
                break;
            case "slow-holder":
                slowHolder(millis);
                break;
            case "write-lock":
                writeLockKept(millis);
                break;
            case "throw":
                waitThatThrows(millis);
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.out.println("LockLeaks " + scenario + ": done");
    }

    /** The unlock is not in a finally: the exception skips it and the lock stays held. */
    private static void reserve(int quantity) {
        INVENTORY.lock(); // LEAK: missing-unlock
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity");
        }
        INVENTORY.unlock();
    }

    private static void missingUnlock(long millis) throws InterruptedException {
        try {
            reserve(-1);
        } catch (IllegalArgumentException expected) {
            System.out.println("reserve failed: " + expected.getMessage());
        }
        Thread buyer = daemon("buyer", () -> {
            INVENTORY.lock();
            INVENTORY.unlock();
        });
        buyer.start();
        Thread.sleep(millis);
    }

    private static void deadOwner(long millis) throws InterruptedException {
        Thread worker = new Thread(() -> {
            ORDERS.lock(); // LEAK: dead-owner
            System.out.println("worker exits holding the lock");
        }, "order-worker");
        worker.start();
        worker.join();
        boolean got = ORDERS.tryLock(millis, TimeUnit.MILLISECONDS);
        System.out.println("main got the lock: " + got);
    }

    private static void deadlock(long millis) throws InterruptedException {
        CountDownLatch both = new CountDownLatch(2);
        daemon("transfer-1", () -> {
            ACCOUNTS.lock(); // LEAK: deadlock-orders
            both.countDown();
            awaitQuietly(both);
            LEDGER.lock();
        }).start();
        daemon("transfer-2", () -> {
            LEDGER.lock(); // LEAK: deadlock-payments
            both.countDown();
            awaitQuietly(both);
            ACCOUNTS.lock();
        }).start();
        Thread.sleep(millis);
    }

    private static void monitorDeadlock(long millis) throws InterruptedException {
        CountDownLatch both = new CountDownLatch(2);
        daemon("left-first", () -> {
            synchronized (LEFT) { // LEAK: monitor-left
                both.countDown();
                awaitQuietly(both);
                synchronized (RIGHT) {
                    System.out.println("never");
                }
            }
        }).start();
        daemon("right-first", () -> {
            synchronized (RIGHT) { // LEAK: monitor-right
                both.countDown();
                awaitQuietly(both);
                synchronized (LEFT) {
                    System.out.println("never");
                }
            }
        }).start();
        Thread.sleep(millis);
    }

    /** A holder that sleeps inside its critical section; the waiter is stuck behind it for a while. */
    private static void slowHolder(long millis) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = daemon("slow-holder", () -> {
            PAYMENTS.lock(); // LEAK: slow-holder
            try {
                held.countDown();
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                PAYMENTS.unlock();
            }
        });
        holder.start();
        held.await();
        PAYMENTS.lock(); // LEAK: slow-waiter
        PAYMENTS.unlock();
        holder.join();
    }

    /** A write lock kept by a thread that goes on to other work: readers pile up behind it. */
    private static void writeLockKept(long millis) throws InterruptedException {
        CATALOG.writeLock().lock(); // LEAK: write-lock
        Thread reader = daemon("catalog-reader", () -> {
            CATALOG.readLock().lock();
            CATALOG.readLock().unlock();
        });
        reader.start();
        Thread.sleep(millis);
    }

    /** With lock.on-timeout=throw (enforce), a lock() behind a holder gives up with a named exception. */
    private static void waitThatThrows(long millis) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = daemon("long-holder", () -> {
            INVENTORY.lock(); // LEAK: throw-holder
            held.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            INVENTORY.unlock();
        });
        holder.start();
        held.await();
        try {
            INVENTORY.lock();
            System.out.println("lock acquired after waiting");
            INVENTORY.unlock();
        } catch (RuntimeException e) {
            System.out.println("lock() threw " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}

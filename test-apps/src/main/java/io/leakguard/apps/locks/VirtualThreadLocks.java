package io.leakguard.apps.locks;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * JDK 21+: a virtual thread holds a lock while it sleeps, another virtual thread waits for it.
 * Built for Java 17, so the virtual threads are made through reflection
 * (Thread.ofVirtual().name(..).unstarted(..)).
 */
public final class VirtualThreadLocks {
    private static final ReentrantLock SESSION = new ReentrantLock();

    private VirtualThreadLocks() {
    }

    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 2500;
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = virtual("virtual-holder", () -> {
            SESSION.lock(); // LEAK: virtual-holder
            try {
                held.countDown();
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                SESSION.unlock();
            }
        });
        holder.start();
        held.await();
        Thread waiter = virtual("virtual-waiter", () -> {
            SESSION.lock(); // LEAK: virtual-waiter
            SESSION.unlock();
        });
        waiter.start();
        holder.join();
        waiter.join();
        System.out.println("VirtualThreadLocks: virtual=" + isVirtual(holder));
    }

    private static Thread virtual(String name, Runnable task) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
        return (Thread) unstarted.invoke(builder, task);
    }

    private static boolean isVirtual(Thread t) throws Exception {
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    }
}

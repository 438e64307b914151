package io.leakguard.bootstrap;

/**
 * How reports name a thread. Virtual threads are unnamed unless the application names them, and
 * "thread " with nothing after it tells the reader nothing: they are shown as "virtual #ID".
 */
public final class ThreadNames {
    private ThreadNames() {
    }

    public static String of(Thread t) {
        String name = t.getName();
        if (!name.isEmpty()) {
            return name;
        }
        // Thread.isVirtual() is JDK 21+; the bootstrap classes are compiled for 17.
        return (t.getClass().getName().equals("java.lang.VirtualThread") ? "virtual #" : "#") + t.getId();
    }
}

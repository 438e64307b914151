package precision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Threads tests leave running on purpose, interrupted when their class ends. */
final class Strays {
    static final List<Thread> THREADS = new CopyOnWriteArrayList<>();

    private Strays() {
    }

    /** Starts a thread that sleeps until interrupted, listed here: a registry, not its owner. */
    static Thread start(String name) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stopped) {
                // its class has ended
            }
        }, name);
        THREADS.add(t);
        t.start();
        return t;
    }

    static void stopAll() throws InterruptedException {
        for (Thread t : THREADS) {
            t.interrupt();
            t.join(5_000);
        }
        THREADS.clear();
    }
}

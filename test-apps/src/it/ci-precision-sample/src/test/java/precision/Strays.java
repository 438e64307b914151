package precision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Threads tests leave running on purpose, interrupted when their class ends. */
final class Strays {
    static final List<Thread> THREADS = new CopyOnWriteArrayList<>();

    private Strays() {
    }

    static void stopAll() throws InterruptedException {
        for (Thread t : THREADS) {
            t.interrupt();
            t.join(5_000);
        }
        THREADS.clear();
    }
}

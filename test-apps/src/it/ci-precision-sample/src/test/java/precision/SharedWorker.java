package precision;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A worker started by the first test that needs it and kept for every test after it, held as
 * what Executors.newSingleThreadExecutor returns: the JDK's wrapper around the pool, whose own
 * fields are the JDK's.
 */
final class SharedWorker {
    private static ExecutorService instance;

    private SharedWorker() {
    }

    static synchronized ExecutorService get() {
        if (instance == null) {
            instance = Executors.newSingleThreadExecutor();
        }
        return instance;
    }
}

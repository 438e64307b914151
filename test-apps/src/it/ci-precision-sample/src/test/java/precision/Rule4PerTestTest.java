package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Rule 4, per test, not per process: these tests run at the same time (JUnit Jupiter's parallel
 * execution). Each leaky one leaks exactly one file, and must be failed for that one file only;
 * the clean ones must pass, whatever their neighbours leak. A resource belongs to the test whose
 * thread acquired it or that started that thread. Concurrent methods in a same-thread class: in
 * the first build these tests run at the same time as each other and as nothing else (a class
 * annotated @Isolated or @Execution(CONCURRENT) would not do that), so a failure here is this rule's.
 */
class Rule4PerTestTest {
    /**
     * Three leaky tests and a clean one meet here before they open anything, so all four are
     * running when each opens its file (bounded: the pool may not schedule all four at once).
     */
    private static final CountDownLatch RENDEZVOUS = new CountDownLatch(4);

    private static void meet() throws InterruptedException {
        RENDEZVOUS.countDown();
        RENDEZVOUS.await(2, TimeUnit.SECONDS);
    }

    /** Long enough that the concurrent tests overlap. */
    private static void overlap() throws InterruptedException {
        Thread.sleep(300);
    }

    private static void clean() throws Exception {
        try (FileInputStream in = new FileInputStream(Data.file())) {
            overlap();
            assertEquals('d', in.read());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustFailParallelLeakA() throws Exception {
        meet();
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        overlap();
        assertEquals('d', in.read());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustFailParallelLeakB() throws Exception {
        meet();
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        overlap();
        assertEquals('d', in.read());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustFailParallelLeakC() throws Exception {
        meet();
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        assertEquals('d', in.read());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustPassParallelCleanA() throws Exception {
        meet();
        clean();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustPassParallelCleanB() throws Exception {
        clean();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustPassParallelCleanC() throws Exception {
        overlap();
        clean();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustFailLeakOnAThreadTheTestStarted() throws Exception {
        FileInputStream[] opened = new FileInputStream[1];
        Thread helper = new Thread(() -> {
            try {
                opened[0] = new FileInputStream(Data.file());                 // leak: site
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "rule4-helper");
        helper.start();
        helper.join();
        overlap();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void mustFailLeakOnAnExecutorTheTestCreated() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<FileInputStream> f = executor.submit(() -> new FileInputStream(Data.file())); // leak: site
            assertEquals('d', f.get().read());
        } finally {
            executor.shutdown();
        }
        overlap();
    }
}

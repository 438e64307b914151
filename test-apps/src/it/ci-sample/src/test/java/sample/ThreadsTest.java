package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Threads (issue 16): three tests that leave threads running (a thread parked forever, an executor
 * never shut down, a thread parked forever holding a file it opened), one whose thread leaks a file
 * and ends as the test ends, one that leaves a thread running and fails its own assertion (it
 * fails with its own message, not leakguard's), and six that leak nothing (a thread joined, an executor shut down without waiting
 * for it: the agent asks the executor and lets its workers finish; an executor created lazily
 * into a static field, the class's fixture, shut down in @AfterAll; a thread that ends by itself
 * half a second later; an executor never shut down whose threads time out when idle, as in
 * HikariCP's own suite, and one whose threads are still on their way out a while after they
 * have left the pool's count). Run on its own
 * (-Dtest=ThreadsTest): the pom excludes it from the sample's main run, whose counts the other
 * ci-mode tests check.
 */
class ThreadsTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static ExecutorService shared;

    @AfterAll
    static void shutDownTheShared() {
        if (shared != null) {
            shared.shutdownNow();
        }
    }

    private static void parkForever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void leavesAThreadRunning() {
        Thread t = new Thread(ThreadsTest::parkForever, "sample-parked");
        t.setDaemon(true);
        t.start();                                                                // LEAK: thread
    }

    @Test
    void leavesAnExecutorRunning() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);                    // LEAK: executor
        assertEquals(3, pool.submit(() -> 1 + 2).get());
    }

    @Test
    void leavesAThreadThatHoldsAFileAndRunsOn() throws Exception {
        // The agent waits for the thread (it may be about to close the file), ci.thread-wait in
        // all, then judges: the file and the thread, after one wait, not one for each.
        java.nio.file.Path f = java.nio.file.Files.createTempFile("ci-sample-held", ".txt");
        f.toFile().deleteOnExit();
        CountDownLatch opened = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                java.io.FileInputStream in = new java.io.FileInputStream(f.toFile());      // LEAK: held file
                opened.countDown();
                parkForever();
                in.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "sample-holder");
        t.setDaemon(true);
        t.start();                                                                // LEAK: holder thread
        assertEquals(true, opened.await(10, java.util.concurrent.TimeUnit.SECONDS), "the holder opened its file");
    }

    @Test
    void startsAThreadThatLeaksAFileAndEnds() throws Exception {
        // The test's last act: its thread opens a file, drops it and ends, all within moments of
        // the test's end. Judged while that happens, the thread was once seen neither running (it
        // had ended) nor holding the file (not opened yet), and the test passed.
        java.nio.file.Path f = java.nio.file.Files.createTempFile("ci-sample-dropped", ".txt");
        f.toFile().deleteOnExit();
        new Thread(() -> {
            try {
                new java.io.FileInputStream(f.toFile());                              // LEAK: dropped file
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "sample-dropper").start();
    }

    @Test
    void leavesAThreadRunningAndFailsOnItsOwn() {
        // A test that fails on its own (its cleanup, at the end, never runs): its failure is its
        // own assertion's, not leakguard's, whatever it left running.
        Thread t = new Thread(ThreadsTest::parkForever, "sample-parked-too");
        t.setDaemon(true);
        t.start();
        assertEquals(2, 1 + 2, "the test's own assertion");
    }

    @Test
    void joinsItsThread() throws Exception {
        Thread t = new Thread(() -> { }, "sample-joined");
        t.start();
        t.join();
    }

    @Test
    void shutsItsExecutorDown() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        assertEquals(3, pool.submit(() -> 1 + 2).get());
        pool.shutdown();
    }

    @Test
    void leavesAThreadThatEndsByItself() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sample-sleeper");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void leavesAnExecutorWhoseThreadsTimeOut() throws Exception {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(2, 2, 300,
                java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
        pool.allowCoreThreadTimeOut(true);
        assertEquals(3, pool.submit(() -> 1 + 2).get());
    }

    @Test
    void leavesAnExecutorWhoseThreadsTakeTheirTimeToEnd() throws Exception {
        // Its thread times out too, but ends 300 ms after it has left the pool's count (a
        // framework's thread wrapper doing its own cleanup): it still ends within ci.thread-wait.
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 300,
                java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                r -> new Thread(() -> {
                    r.run();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "sample-slow-exit"));
        pool.allowCoreThreadTimeOut(true);
        assertEquals(3, pool.submit(() -> 1 + 2).get());
    }

    @Test
    void keepsAnExecutorInAStaticField() throws Exception {
        if (shared == null) {
            shared = Executors.newSingleThreadExecutor();
        }
        assertEquals(3, shared.submit(() -> 1 + 2).get());
    }
}

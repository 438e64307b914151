package io.leakguard.jmh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The thread family's costs: a platform thread started and joined (one stack walk at start(), a
 * map insert, a removal at its end), and an executor created, given one task and shut down (its
 * origin walked at construction, its worker taking that origin without a walk).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ThreadBenchmarks {
    private volatile int sink;

    @Benchmark
    public int threadStartJoin() throws InterruptedException {
        Thread t = new Thread(() -> sink++);
        t.start();
        t.join();
        return sink;
    }

    @Benchmark
    public int executorCreateSubmitShutdown() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int r = pool.submit(() -> sink + 1).get();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        return r;
    }
}

package io.leakguard.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The hot paths with many more busy threads than cores (a thread pool under load): 32 threads,
 * each with a connection of its own in the pool. The score is the average time of one operation
 * of one thread, so with 32 threads on 2 cores it is about 16 times the machine's time per
 * operation; the ratios are what to read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(32)
public class ManyThreadsBenchmarks {
    private HikariDataSource pool;
    private Path path;
    private File file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:bench-threads;DB_CLOSE_DELAY=-1");
        c.setUsername("sa");
        c.setMaximumPoolSize(32);
        c.setMinimumIdle(32);
        c.setPoolName("bench-threads");
        pool = new HikariDataSource(c);
        path = Files.createTempFile("leakguard-jmh-threads", ".txt");
        Files.write(path, new byte[] {1, 2, 3});
        file = path.toFile();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        Files.deleteIfExists(path);
    }

    @Benchmark
    public int hikariBorrowReturn32Threads() throws SQLException {
        return JdbcBenchmarks.borrowReturn(pool);
    }

    @Benchmark
    public int fileInputStreamOpenClose32Threads() throws IOException {
        return FileBenchmarks.openClose(file);
    }
}

package io.leakguard.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

/**
 * HikariCP borrow + return over embedded H2, and the same with HikariCP's own leak detection
 * (leakDetectionThreshold), the anchor leakguard's monitor mode is compared with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdbcBenchmarks {
    private HikariDataSource pool;
    private HikariDataSource poolWithLeakDetection;

    private static HikariDataSource pool(String name, long leakDetectionMillis) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        c.setUsername("sa");
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(4);
        c.setPoolName(name);
        c.setLeakDetectionThreshold(leakDetectionMillis);
        return new HikariDataSource(c);
    }

    @Setup(Level.Trial)
    public void setUp() {
        pool = pool("bench", 0);
        poolWithLeakDetection = pool("bench-hikari-leak-detection", 60_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        poolWithLeakDetection.close();
    }

    @Benchmark
    public int hikariBorrowReturn() throws SQLException {
        return borrowReturn(pool);
    }

    /** One borrow and return (also ManyThreadsBenchmarks'). */
    static int borrowReturn(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return System.identityHashCode(c);
        }
    }

    @Benchmark
    public int hikariBorrowReturnWithItsLeakDetection() throws SQLException {
        try (Connection c = poolWithLeakDetection.getConnection()) {
            return System.identityHashCode(c);
        }
    }

    @Benchmark
    public boolean hikariBorrowPrepareQueryReturn() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }
}

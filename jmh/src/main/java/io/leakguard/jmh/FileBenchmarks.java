package io.leakguard.jmh;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Open + close of a real file: the operation the file family instruments. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileBenchmarks {
    private Path path;
    private File file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        path = Files.createTempFile("leakguard-jmh", ".txt");
        Files.write(path, new byte[] {1, 2, 3});
        file = path.toFile();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(path);
    }

    @Benchmark
    public int fileInputStreamOpenClose() throws IOException {
        FileInputStream in = new FileInputStream(file);
        int h = System.identityHashCode(in);
        in.close();
        return h;
    }

    @Benchmark
    public long fileChannelOpenClose() throws IOException {
        FileChannel ch = FileChannel.open(path);
        long h = System.identityHashCode(ch);
        ch.close();
        return h;
    }
}

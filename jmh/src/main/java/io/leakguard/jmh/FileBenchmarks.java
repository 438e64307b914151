package io.leakguard.jmh;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
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

/**
 * Open + close of a real file: the operation the file family instruments. And reads of an open
 * file (4 KB from a RandomAccessFile, a FileInputStream and a FileChannel, one byte with read()):
 * each read passes io.slow's marks on entry and exit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileBenchmarks {
    private Path path;
    private File file;
    private RandomAccessFile raf;
    private FileInputStream stream;
    private FileChannel channel;
    private final byte[] buf = new byte[4096];
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        path = Files.createTempFile("leakguard-jmh", ".txt");
        Files.write(path, new byte[] {1, 2, 3});
        file = path.toFile();
        Path big = Files.createTempFile("leakguard-jmh", ".bin");
        Files.write(big, new byte[4096]);
        raf = new RandomAccessFile(big.toFile(), "r");
        stream = new FileInputStream(big.toFile());
        channel = FileChannel.open(big);
        big.toFile().deleteOnExit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(path);
        raf.close();
        stream.close();
        channel.close();
    }

    @Benchmark
    public int randomAccessFileRead4k() throws IOException {
        raf.seek(0);
        return raf.read(buf);
    }

    @Benchmark
    public int randomAccessFileReadByte() throws IOException {
        raf.seek(0);
        return raf.read();
    }

    @Benchmark
    public int fileInputStreamRead4k() throws IOException {
        stream.getChannel().position(0);
        return stream.read(buf);
    }

    @Benchmark
    public int fileChannelRead4k() throws IOException {
        direct.clear();
        return channel.read(direct, 0);
    }

    @Benchmark
    public int fileInputStreamOpenClose() throws IOException {
        return openClose(file);
    }

    /** One open and close (also ManyThreadsBenchmarks'). */
    static int openClose(File file) throws IOException {
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

package io.leakguard.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * Loopback sockets against an echo server on a background thread: connect + close, and
 * connect + one-byte round trip + close (the accepted socket is tracked on the server side too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SocketBenchmarks {
    private ServerSocket server;
    private Thread acceptor;
    private InetAddress lo;
    private int port;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        lo = InetAddress.getLoopbackAddress();
        server = new ServerSocket(0, 1000, lo);
        port = server.getLocalPort();
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    if (b >= 0) {
                        s.getOutputStream().write(b);
                    }
                } catch (IOException e) {
                    // closed, or the client went away
                }
            }
        }, "echo");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
    }

    @Benchmark
    public int loopbackConnectClose() throws IOException {
        try (Socket s = new Socket(lo, port)) {
            return s.getLocalPort();
        }
    }

    @Benchmark
    public int loopbackRoundTrip() throws IOException {
        try (Socket s = new Socket(lo, port)) {
            OutputStream out = s.getOutputStream();
            out.write(7);
            out.flush();
            return s.getInputStream().read();
        }
    }
}

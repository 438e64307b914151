package io.leakguard.apps.defenses;

import java.io.File;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Three reads that block because nothing ever comes, each on a thread of its own, until the agent
 * reports it (polled through its MBean) or 30 s pass; then the resource is closed or fed so the
 * read ends. A socket whose peer never writes, a SocketChannel likewise, and a FIFO opened
 * read-write (which does not block in open, only in read). Prints whether each was reported
 * while still blocked. A burst of quick reads and writes beforehand must not be reported.
 */
public final class SlowIoApp {
    private SlowIoApp() {
    }

    public static void main(String[] args) throws Exception {
        quickIo();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 5, lo)) {
            InetSocketAddress at = new InetSocketAddress(lo, server.getLocalPort());
            Socket socket = new Socket(lo, server.getLocalPort());                      // LEAK: socket
            try (Socket peer = server.accept()) {
                Thread reader = blocked("slow-socket", () -> socket.getInputStream().read());
                System.out.println("SlowIoApp: socket reported while blocked " + AgentView.awaitFinding("[slow-io] 1 x socket read", 30_000)
                        + " " + reader.isAlive());
                socket.close();
                reader.join(10_000);
            }
            SocketChannel channel = SocketChannel.open(at);                                // LEAK: channel
            try (Socket peer = server.accept()) {
                Thread reader = blocked("slow-channel", () -> channel.read(ByteBuffer.allocate(16)));
                System.out.println("SlowIoApp: channel reported while blocked "
                        + AgentView.awaitFinding("[slow-io] 1 x socketchannel read", 30_000) + " " + reader.isAlive());
                channel.close();
                reader.join(10_000);
            }
        }
        Path dir = Files.createTempDirectory("slowio");
        File fifo = dir.resolve("fifo").toFile();
        Process mk = new ProcessBuilder("mkfifo", fifo.getPath()).inheritIO().start();
        if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        try (RandomAccessFile raf = new RandomAccessFile(fifo, "rw")) {                  // LEAK: fifo
            Thread reader = blocked("slow-fifo", () -> raf.read());
            System.out.println("SlowIoApp: fifo reported while blocked " + AgentView.awaitFinding("[slow-io] 1 x file read", 30_000)
                    + " " + reader.isAlive());
            raf.write(1);
            reader.join(10_000);
            System.out.println("SlowIoApp: fifo reader ended " + !reader.isAlive());
        } finally {
            fifo.delete();
            dir.toFile().delete();
        }
        System.out.println("SlowIoApp: counter " + AgentView.metrics().get("leakguard_leaks_total{kind=\"slow-io\"}"));
    }

    /** Many short reads and writes on a temporary file: none of them is slow. */
    private static void quickIo() throws Exception {
        Path tmp = Files.createTempFile("slowio", ".bin");
        try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
            for (int i = 0; i < 10_000; i++) {
                f.write(i);
            }
            f.getFD().sync();
            f.getChannel().force(true);
            f.seek(0);
            while (f.read() >= 0) {
                // reading it all back
            }
        }
        try (InputStream in = Files.newInputStream(tmp)) {
            in.readAllBytes();
        }
        Files.delete(tmp);
    }

    interface Blocking {
        void run() throws Exception;
    }

    private static Thread blocked(String name, Blocking read) {
        Thread t = new Thread(() -> {
            try {
                read.run();
            } catch (Exception e) {
                // closed under it: the read ends
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}

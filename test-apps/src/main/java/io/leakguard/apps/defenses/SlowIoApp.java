package io.leakguard.apps.defenses;

import java.io.Closeable;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three reads that block because nothing ever comes, each on a thread of its own, until the agent
 * reports it (polled through its MBean) or 30 s pass; then the resource is closed or fed so the
 * read ends. A socket whose peer never answers the request the thread just wrote, a SocketChannel
 * likewise, and a FIFO opened read-write (which does not block in open, only in read). Prints
 * whether each was reported while still blocked. A burst of quick reads and writes beforehand must
 * not be reported.
 *
 * <p>Nor must four socket reads that idle by design, blocked from before the first of those three
 * until the end: a client's read loop that never wrote (a WebSocket or broker client), a client
 * reading again after its request was answered (a subscriber), a SocketChannel's read loop, and a
 * keep-alive server's thread reading its client's next request after answering the last one.
 */
public final class SlowIoApp {
    private SlowIoApp() {
    }

    public static void main(String[] args) throws Exception {
        quickIo();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 5, lo)) {
            InetSocketAddress at = new InetSocketAddress(lo, server.getLocalPort());
            List<Closeable> idle = new ArrayList<>();
            List<Thread> idlers = idleReads(server, at, idle);

            Socket socket = new Socket(lo, server.getLocalPort());                      // LEAK: socket
            try (Socket peer = server.accept()) {
                Thread reader = blocked("slow-socket", () -> {
                    socket.getOutputStream().write(1);
                    socket.getInputStream().read();
                });
                System.out.println("SlowIoApp: socket reported while blocked " + AgentView.awaitFinding("[slow-io] 1 x socket read", 30_000)
                        + " " + reader.isAlive());
                socket.close();
                reader.join(10_000);
            }
            SocketChannel channel = SocketChannel.open(at);                                // LEAK: channel
            try (Socket peer = server.accept()) {
                Thread reader = blocked("slow-channel", () -> {
                    channel.write(ByteBuffer.wrap(new byte[] {1}));
                    channel.read(ByteBuffer.allocate(16));
                });
                System.out.println("SlowIoApp: channel reported while blocked "
                        + AgentView.awaitFinding("[slow-io] 1 x socketchannel read", 30_000) + " " + reader.isAlive());
                channel.close();
                reader.join(10_000);
            }
            fifo();
            boolean allStillIn = true;
            for (Thread t : idlers) {
                allStillIn &= inRead(t);
            }
            System.out.println("SlowIoApp: idle reads still blocked at the end " + allStillIn);
            for (Closeable c : idle) {
                c.close();
            }
            for (Thread t : idlers) {
                t.join(10_000);
            }
        }
        System.out.println("SlowIoApp: counter " + AgentView.metrics().get("leakguard_leaks_total{kind=\"slow-io\"}"));
    }

    private static void fifo() throws Exception {
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
    }

    /** The four idle reads of the class comment, each in its read before this returns. */
    private static List<Thread> idleReads(ServerSocket server, InetSocketAddress at, List<Closeable> toClose) throws Exception {
        List<Thread> threads = new ArrayList<>();
        Socket listener = new Socket(at.getAddress(), at.getPort());                    // LEAK: idle-client
        toClose.add(listener);
        toClose.add(server.accept());
        threads.add(blocked("idle-client", () -> listener.getInputStream().read()));

        Socket subscriber = new Socket(at.getAddress(), at.getPort());                  // LEAK: idle-subscriber
        toClose.add(subscriber);
        Socket publisher = server.accept();
        toClose.add(publisher);
        threads.add(blocked("idle-subscriber", () -> {
            subscriber.getOutputStream().write(1);          // subscribe
            subscriber.getInputStream().read();             // the answer
            subscriber.getInputStream().read();             // the next message, whenever there is one
        }));
        publisher.getInputStream().read();
        publisher.getOutputStream().write(2);

        SocketChannel channel = SocketChannel.open(at);                                 // LEAK: idle-channel
        toClose.add(channel);
        toClose.add(server.accept());
        threads.add(blocked("idle-channel", () -> channel.read(ByteBuffer.allocate(16))));

        Socket client = new Socket(at.getAddress(), at.getPort());                      // LEAK: keepalive-client
        toClose.add(client);
        Socket served = server.accept();                                                // LEAK: keepalive-served
        toClose.add(served);
        threads.add(blocked("keepalive-server", () -> {
            served.getInputStream().read();                  // a request
            served.getOutputStream().write(3);              // its response
            served.getInputStream().read();                  // the client's next request, whenever it comes
        }));
        client.getOutputStream().write(1);
        client.getInputStream().read();

        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Thread t : threads) {
            while (!inRead(t) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        Thread.sleep(100); // past the subscriber's and the server's first reads, into their second
        return threads;
    }

    /** The thread is blocked in a socket read now (its stack shows it). */
    private static boolean inRead(Thread t) {
        if (!t.isAlive()) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("sun.nio.ch.")) { // NioSocketImpl, SocketChannelImpl, IOUtil: a read's insides
                return true;
            }
        }
        return false;
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

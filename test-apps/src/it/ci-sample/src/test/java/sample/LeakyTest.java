package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Five tests that leak (a file, a JDBC connection, a socket, a lock, a file opened by a helper
 * thread) and two that do not. With -Dleaks.fixed=true the leaky ones close what they open; with
 * -Dleaks.new=true one that did not leak does.
 */
class LeakyTest {
    private static final boolean FIXED = Boolean.getBoolean("leaks.fixed");
    /** -Dleaks.new=true: a leak a baseline written before it does not know. */
    private static final boolean NEW_LEAK = Boolean.getBoolean("leaks.new");
    private static final ReentrantLock LEDGER = new ReentrantLock();

    private static File data() throws IOException {
        File f = File.createTempFile("ci-sample", ".txt");
        Files.writeString(f.toPath(), "hello");
        f.deleteOnExit();
        return f;
    }

    @Test
    void leaksAFile() throws Exception {
        FileInputStream in = new FileInputStream(data());                     // LEAK: file
        assertEquals('h', in.read());
        if (FIXED) {
            in.close();
        }
    }

    @Test
    void leaksAConnection() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:sample", "sa", "");  // LEAK: connection
        assertTrue(c.isValid(1));
        if (FIXED) {
            c.close();
        }
    }

    @Test
    void leaksInAHelperThread() throws Exception {
        File f = data();
        FileInputStream[] opened = new FileInputStream[1];
        Thread helper = new Thread(() -> {
            try {
                opened[0] = new FileInputStream(f);                           // LEAK: helper
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "sample-helper");
        helper.start();
        helper.join();
        if (FIXED) {
            opened[0].close();
        }
    }

    @Test
    void leaksASocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); // LEAK: socket
            try (Socket peer = server.accept()) {
                assertTrue(peer.isConnected());
            }
            if (FIXED) {
                client.close();
            }
        }
    }

    @Test
    void leaksALock() throws Exception {
        // While it leaks, other threads of the test take locks as fast as they can: they spend
        // the process's budget for finding where locks are taken, which must not cost this
        // thread the line of its leak. It took a lock just before, so it is not idle either.
        ReentrantLock warm = new ReentrantLock();
        warm.lock();
        warm.unlock();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] busy = new Thread[4 * Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = new Thread(() -> {
                ReentrantLock own = new ReentrantLock();
                while (!stop.get()) {
                    own.lock();
                    own.unlock();
                }
            }, "sample-busy-" + i);
            busy[i].start();
        }
        Thread.sleep(300);
        LEDGER.lock();                                                        // LEAK: lock
        stop.set(true);
        for (Thread t : busy) {
            t.join();
        }
        assertTrue(LEDGER.isHeldByCurrentThread());
        if (FIXED) {
            LEDGER.unlock();
        }
    }

    @Test
    void closesItsFile() throws Exception {
        try (FileInputStream in = new FileInputStream(data())) {
            assertEquals('h', in.read());
        }
        if (NEW_LEAK) {
            assertEquals('h', new FileInputStream(data()).read());           // LEAK: new
        }
    }

    @Test
    void closesItsConnection() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:sample", "sa", "")) {
            assertTrue(c.isValid(1));
        }
    }
}

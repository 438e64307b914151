package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import precision.lib.KeepAliveClient;
import precision.lib.ProcessId;

/**
 * Rule 5 in depth: what a static structure keeps deep inside is the structure's. The class's
 * client, closed in @AfterAll, keeps the connection a test's request opened alive in its pool; a
 * library keeps the socket its first use opened in its own static singleton. Neither is the
 * test's. A client the test makes and never closes is; so is one the class keeps in a static
 * field and never closes (judged at the class's end).
 */
class Rule5StaticStructuresTest {
    private static ServerSocket server;
    private static KeepAliveClient client;
    /** Made by a test, never closed by anyone. */
    private static KeepAliveClient forgotten;
    /** The server's side of each connection, closed with the server. */
    private static final List<Socket> ACCEPTED = new CopyOnWriteArrayList<>();

    /** An echo server on a thread no test started; what it accepts is its own (rule 4). */
    @BeforeAll
    static void start() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    ACCEPTED.add(s);
                    Thread echo = new Thread(() -> echo(s), "rule5-echo");
                    echo.setDaemon(true);
                    echo.start();
                }
            } catch (Exception closed) {
                // the class ended
            }
        }, "rule5-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        client = new KeepAliveClient();
    }

    private static void echo(Socket s) {
        try {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
                out.flush();
            }
        } catch (Exception closed) {
            // the peer went away
        }
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
        for (Socket s : ACCEPTED) {
            s.close();
        }
    }

    @Test
    void mustPassAKeptAliveConnectionOfTheClassesClient() throws Exception {
        assertEquals('x', client.request(server.getLocalPort()));
    }

    @Test
    void mustPassALibrarysLazySingletonSocket() throws Exception {
        assertTrue(ProcessId.get() > 0);
    }

    @Test
    void mustFailAClientTheTestNeverCloses() throws Exception {
        KeepAliveClient mine = new KeepAliveClient();
        assertEquals('x', mine.request(server.getLocalPort()));                 // leak: stack
    }

    @Test
    void mustFailAClientInAStaticFieldTheClassNeverCloses() throws Exception {
        forgotten = new KeepAliveClient();
        assertEquals('x', forgotten.request(server.getLocalPort()));            // leak: stack
    }
}

package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 4, the server's side: a connection a server accepted belongs to the server, not to the
 * test whose request made it (the server keeps it for the next request, and closes it when it
 * stops or when the peer goes away). It fails a test only when the GC finds it unclosed. The
 * client's end is the test's.
 */
class Rule4ServerSideTest {
    @AfterAll
    static void stopServers() throws Exception {
        ServerConnections.closeAll();
    }

    /** A server on a thread the test starts: accepts one connection and keeps it. */
    private static Thread serve(ServerSocket server) {
        Thread t = new Thread(() -> {
            try {
                Socket accepted = server.accept();
                ServerConnections.KEPT.add(accepted);
                InputStream in = accepted.getInputStream();
                in.read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "rule4-server");
        t.start();
        return t;
    }

    @Test
    void mustPassAcceptedSocketsAreTheServers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = serve(server);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                OutputStream out = client.getOutputStream();
                out.write('x');
                out.flush();
            }
            serving.join(5_000);
        }
        assertEquals(1, ServerConnections.KEPT.size() > 0 ? 1 : 0);
    }

    @Test
    void mustPassAcceptedChannelsAreTheServers() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                SocketChannel accepted = server.accept();
                ServerConnections.KEPT.add(accepted);
                client.write(ByteBuffer.wrap(new byte[] {'x'}));
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, accepted.read(one));
            }
        }
    }

    @Test
    void mustFailTheClientsEndIsTheTests() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = serve(server);
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());  // leak: site
            client.getOutputStream().write('x');
            serving.join(5_000);
        }
    }
}

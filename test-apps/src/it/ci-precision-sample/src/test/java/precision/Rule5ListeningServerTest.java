package precision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 5 through a selection key: a test server the class keeps in a static field, started by the
 * first test that needs it and stopped in @AfterAll, holds its listening channel only through the
 * key the channel was registered with (HttpCore's listener endpoint, under Commons VFS's
 * NHttpFileServer). The same server a test makes for itself and never stops leaks both.
 */
class Rule5ListeningServerTest {
    private static Listener server;

    /** Keeps the selector and the key, never the channel itself. */
    static final class Listener {
        private final Selector selector;
        private final SelectionKey key;

        Listener(Selector selector, SelectionKey key) {
            this.selector = selector;
            this.key = key;
        }

        void stop() throws IOException {
            key.channel().close();
            selector.close();
        }
    }

    private static ServerSocketChannel listening() throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        return channel;
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mustPassAListeningChannelTheClassesServerHoldsThroughItsKey() throws IOException {
        if (server == null) {
            Selector selector = Selector.open();
            server = new Listener(selector, listening().register(selector, SelectionKey.OP_ACCEPT));
        }
        assertTrue(server.key.isValid());
    }

    @Test
    void mustFailAServerTheTestMakesAndNeverStops() throws IOException {
        Selector selector = Selector.open();                                 // leak: site
        ServerSocketChannel channel = listening();                           // leak: stack
        Listener own = new Listener(selector, channel.register(selector, SelectionKey.OP_ACCEPT));
        assertTrue(own.key.isValid());
    }
}

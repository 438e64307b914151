package precision.lib;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP client's connection pool, as Apache HttpClient's is laid out: a request leases a
 * connection (a new socket, or one kept alive by an earlier request), and gives it back to the
 * pool when it is done. The idle sockets stay open, deep inside the client (client, pool, deque,
 * entry, connection, holder), until the client is closed.
 */
public final class KeepAliveClient implements AutoCloseable {
    private final Pool pool = new Pool();

    /** One request: a byte sent, its echo read. */
    public int request(int port) throws IOException {
        Connection c = pool.lease(port);
        try {
            Socket s = c.socket.get();
            s.getOutputStream().write('x');
            s.getOutputStream().flush();
            return s.getInputStream().read();
        } finally {
            pool.release(c);
        }
    }

    @Override
    public void close() throws IOException {
        pool.closeAll();
    }

    private static final class Pool {
        private final ArrayDeque<Entry> idle = new ArrayDeque<>();

        synchronized Connection lease(int port) throws IOException {
            Entry e = idle.poll();
            return e != null ? e.connection : new Connection(connect(port));
        }

        synchronized void release(Connection c) {
            idle.add(new Entry(c));
        }

        synchronized void closeAll() throws IOException {
            for (Entry e; (e = idle.poll()) != null; ) {
                e.connection.socket.get().close();
            }
        }

        private static Socket connect(int port) throws IOException {
            return new Socket(InetAddress.getLoopbackAddress(), port);
        }
    }

    private static final class Entry {
        final Connection connection;

        Entry(Connection connection) {
            this.connection = connection;
        }
    }

    private static final class Connection {
        final AtomicReference<Socket> socket;

        Connection(Socket s) {
            this.socket = new AtomicReference<>(s);
        }
    }
}

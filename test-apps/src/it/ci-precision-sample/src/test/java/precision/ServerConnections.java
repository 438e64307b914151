package precision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connections the tests' servers accepted and keep open, as a real server keeps a client's
 * keep-alive connection after the request that made it. Held here, not in a test class (a test
 * class's static field makes a resource the class's, rule 5), so the GC leaves them alone: one it
 * collected unclosed would be a real leak.
 */
final class ServerConnections {
    static final List<AutoCloseable> KEPT = new CopyOnWriteArrayList<>();

    private ServerConnections() {
    }

    static void closeAll() throws Exception {
        for (AutoCloseable c : KEPT) {
            c.close();
        }
        KEPT.clear();
    }
}

package precision;

import java.sql.Connection;

/**
 * A pool of one connection whose close() returns it to the pool, open, as MariaDB Connector/J's
 * pooled connections do: the connection is its own innermost (it wraps none), and every return
 * closes it. {@link WrappingDataSource} puts an application's wrapper over it.
 */
public final class SelfReturningPool extends PlainDataSource {
    private final Pooled only = new Pooled();

    @Override
    public Connection getConnection() {
        only.out = true;
        return only;
    }

    @Override
    public Connection getConnection(String user, String password) {
        return getConnection();
    }

    /** The pooled connection: close() hands it back, isClosed() stays false. */
    static final class Pooled extends StubConnectionMethods {
        volatile boolean out;

        @Override
        public void close() {
            out = false;
        }
    }
}

package precision;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** An application's DataSource wrapper (a logging or metrics layer): its handle's close() closes the pool's. */
public final class WrappingDataSource extends PlainDataSource {
    private final DataSource pool;

    public WrappingDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new Wrapped(pool.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    static final class Wrapped extends StubConnectionMethods {
        private final Connection delegate;
        private volatile boolean closed;

        Wrapped(Connection delegate) {
            this.delegate = delegate;
        }

        @Override
        public void close() throws SQLException {
            closed = true;
            delegate.close();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}

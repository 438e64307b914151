package precision;

import java.sql.Connection;

/**
 * A test double as pools' own suites use them (HikariCP's StubDataSource): its connections'
 * close() does nothing and isClosed() stays false. A pool over it still calls close() on a
 * physical connection it evicts; that call is all there is to see.
 */
public final class StubDataSource extends PlainDataSource {
    static Connection connection() {
        return new StubConnection();
    }

    @Override
    public Connection getConnection() {
        return connection();
    }

    @Override
    public Connection getConnection(String user, String password) {
        return connection();
    }
}

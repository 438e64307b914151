package precision;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Code under test, outside the test class: keeps one connection and hands it out until it says it
 * is closed, then refuses (ORMLite's JdbcConnectionSource). Closing the keeper closes it.
 */
final class ConnectionKeeper implements AutoCloseable {
    private final String url;
    private Connection connection;

    ConnectionKeeper(String url) {
        this.url = url;
    }

    Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url);
        } else if (connection.isClosed()) {
            throw new SQLException("the connection has already been closed");
        }
        return connection;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}

package precision;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.XAConnection;

/** A pool over one XAConnection (a test's mock, say): each borrow is that XAConnection's getConnection(). */
public final class OneXAConnectionPool extends PlainDataSource {
    private final XAConnection xa;

    public OneXAConnectionPool(XAConnection xa) {
        this.xa = xa;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return xa.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }
}

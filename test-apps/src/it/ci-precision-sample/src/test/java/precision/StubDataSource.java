package precision;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A test double as pools' own suites use them (HikariCP's StubDataSource): its connections'
 * close() does nothing and isClosed() stays false. A pool over it still calls close() on a
 * physical connection it evicts; that call is all there is to see.
 */
public final class StubDataSource implements DataSource {
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

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
        return null;
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}

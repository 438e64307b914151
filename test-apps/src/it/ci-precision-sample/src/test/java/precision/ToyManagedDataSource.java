package precision;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A managed DataSource as an application server or a transaction manager has one: inside a
 * transaction, every getConnection() hands back the transaction's one connection, behind a
 * handle whose close() does nothing (the transaction closes the connection when it ends).
 * Outside a transaction, getConnection() opens a new physical connection.
 */
public final class ToyManagedDataSource implements DataSource {
    private final String url;
    private final ThreadLocal<Connection> physical = new ThreadLocal<>();
    private final ThreadLocal<Connection> shared = new ThreadLocal<>();

    public ToyManagedDataSource(String url) {
        this.url = url;
    }

    public void begin() throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        c.setAutoCommit(false);
        physical.set(c);
        shared.set((Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    public void commitAndEnd() throws SQLException {
        Connection c = physical.get();
        physical.remove();
        shared.remove();
        c.commit();
        c.close();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection inTransaction = shared.get();
        return inTransaction != null ? inTransaction : DriverManager.getConnection(url, "sa", "");
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
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
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}

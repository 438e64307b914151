package precision;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A managed DataSource as an application server or a transaction manager has one: inside a
 * transaction, every getConnection() hands back the transaction's one connection, behind a
 * handle whose close() does nothing (the transaction closes the connection when it ends).
 * Outside a transaction, getConnection() opens a new physical connection.
 */
public final class ToyManagedDataSource extends PlainDataSource {
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
}

package precision;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A pool as MyBatis' PooledDataSource is one: it hands out a JDK dynamic proxy over a physical
 * connection, and the proxy's close() gives the physical connection back to the pool (never
 * closes it). Only the proxy's own close() says the borrow ended.
 */
final class ProxyPool extends PlainDataSource {
    private final String url;
    private final Deque<Connection> idle = new ArrayDeque<>();

    ProxyPool(String url) {
        this.url = url;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        Connection physical = idle.isEmpty() ? DriverManager.getConnection(url, "sa", "") : idle.pop();
        return (Connection) Proxy.newProxyInstance(ProxyPool.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        synchronized (this) {
                            idle.push(physical);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    /** Closes the physical connections (the class's, at its end). */
    synchronized void shutdown() throws SQLException {
        for (Connection c : idle) {
            c.close();
        }
        idle.clear();
    }
}

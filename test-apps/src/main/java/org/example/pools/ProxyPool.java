package org.example.pools;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pool as MyBatis' PooledDataSource is one: it hands out JDK dynamic proxies whose close()
 * returns the physical connection to the pool, never closing it. Outside io.leakguard, so that
 * the agent weaves it as the application's DataSource.
 */
public final class ProxyPool implements DataSource {
    private final String url;
    private final Deque<Connection> idle = new ArrayDeque<>();

    public ProxyPool(String url) {
        this.url = url;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        Connection physical = idle.isEmpty() ? DriverManager.getConnection(url, "sa", "") : idle.pop();
        // As MyBatis does: the proxy class is defined in java.sql's loader, the platform loader.
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, a) -> {
                    if (method.getName().equals("close")) {
                        synchronized (this) {
                            idle.push(physical);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(physical, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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

package org.example.pools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A pool as MyBatis' PooledDataSource is one: it hands out JDK dynamic proxies whose close()
 * returns the physical connection to the pool, never closing it. Outside io.leakguard, so that
 * the agent weaves it as the application's DataSource.
 */
public final class ProxyPool extends SimpleDataSource {
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
}

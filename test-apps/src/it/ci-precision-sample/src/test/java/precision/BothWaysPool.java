package precision;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.PooledConnection;

/**
 * A pool whose handle is one JDK proxy that is both a Connection and a javax.sql.PooledConnection,
 * as Tomcat's jdbc-pool hands out: the handle's getConnection() is the documented way to its
 * physical connection, and its close() returns that connection to the pool, open. One physical
 * connection, handed out again on every borrow.
 */
public final class BothWaysPool extends PlainDataSource {
    private final Connection physical = new StubConnection();

    @Override
    public Connection getConnection() {
        return (Connection) Proxy.newProxyInstance(BothWaysPool.class.getClassLoader(),
                new Class<?>[] {Connection.class, PooledConnection.class}, new Handle(physical));
    }

    @Override
    public Connection getConnection(String user, String password) {
        return getConnection();
    }

    private static final class Handle implements InvocationHandler {
        private final Connection physical;
        private volatile boolean returned;

        Handle(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getConnection":
                    return physical;
                case "close":
                    returned = true; // back to the pool; the physical connection stays open
                    return null;
                case "isClosed":
                    return returned;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "BothWaysPool handle";
                default:
                    if (method.getDeclaringClass() == PooledConnection.class) {
                        return null; // event listeners: none
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        }
    }
}

package precision;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.ConnectionEventListener;
import javax.sql.StatementEventListener;
import javax.sql.XAConnection;
import javax.sql.XADataSource;
import javax.transaction.xa.XAResource;

/**
 * An XADataSource whose XAConnection's close() closes nothing, as Agroal's own suite's mock
 * does: each getConnection() hands out a new stub connection, and the pool's close of the
 * XAConnection is the only release the connection ever sees. A pool makes it by its no-argument
 * constructor.
 */
public final class ClosesNothingXADataSource implements XADataSource {
    /** XAConnection.close() calls, by anyone. */
    static final AtomicInteger XA_CLOSES = new AtomicInteger();

    @Override
    public XAConnection getXAConnection() {
        return new ClosesNothing();
    }

    @Override
    public XAConnection getXAConnection(String user, String password) {
        return new ClosesNothing();
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

    private static final class ClosesNothing implements XAConnection {
        @Override
        public XAResource getXAResource() {
            // Every XAResource call answers its type's default (false, 0, null): nothing is enlisted here.
            return (XAResource) Proxy.newProxyInstance(XAResource.class.getClassLoader(), new Class<?>[] {XAResource.class},
                    (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE
                            : method.getReturnType() == int.class ? Integer.valueOf(0) : null);
        }

        @Override
        public Connection getConnection() {
            return new InheritedCloseConnection();
        }

        @Override
        public void close() {
            XA_CLOSES.incrementAndGet();
        }

        @Override
        public void addConnectionEventListener(ConnectionEventListener listener) {
        }

        @Override
        public void removeConnectionEventListener(ConnectionEventListener listener) {
        }

        @Override
        public void addStatementEventListener(StatementEventListener listener) {
        }

        @Override
        public void removeStatementEventListener(StatementEventListener listener) {
        }
    }
}

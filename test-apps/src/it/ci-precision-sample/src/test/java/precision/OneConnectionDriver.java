package precision;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.logging.Logger;

/** A test's driver: hands out the one connection it was given, for its own URL only. */
final class OneConnectionDriver implements Driver {
    private final String url;
    private final Connection connection;

    OneConnectionDriver(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    @Override
    public Connection connect(String u, Properties info) {
        return acceptsURL(u) ? connection : null;
    }

    @Override
    public boolean acceptsURL(String u) {
        return url.equals(u);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String u, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }
}

package io.leakguard.bootstrap;

import java.lang.reflect.Method;
import java.util.Properties;

/**
 * Describes a JDBC connection for reports: the URL (credentials removed), the user and, for a
 * pooled connection, the pool. Holds the DataSource (never the connection) and reads its
 * properties by reflection only when a report is written, on the scanner thread. java.sql
 * types are not visible here (this class is on the boot class path), hence Object.
 */
final class JdbcSource {
    private final Object dataSource;
    private final String url;
    private final String user;

    private JdbcSource(Object dataSource, String url, String user) {
        this.dataSource = dataSource;
        this.url = url;
        this.user = user;
    }

    static JdbcSource fromDriver(Object url, Object props) {
        String user = null;
        if (props instanceof Properties) {
            user = ((Properties) props).getProperty("user");
        }
        return new JdbcSource(null, url instanceof String ? (String) url : null, user);
    }

    static JdbcSource fromDataSource(Object dataSource, Object user) {
        return new JdbcSource(dataSource, null, user instanceof String ? (String) user : null);
    }

    boolean fromDataSource() {
        return dataSource != null;
    }

    @Override
    public String toString() {
        String u = url;
        String who = user;
        String pool = null;
        if (dataSource != null) {
            u = firstString(dataSource, "getJdbcUrl", "getUrl", "getURL");
            if (who == null) {
                who = firstString(dataSource, "getUsername", "getUser");
            }
            pool = firstString(dataSource, "getPoolName");
        }
        // Only what Redact keeps: the address, and a user that looks like a user name.
        who = who != null ? Redact.safeUser(who) : Redact.user(u);
        StringBuilder sb = new StringBuilder("connection ");
        sb.append(u != null ? Redact.url(u) : "(URL unknown)");
        if (who != null) {
            sb.append(" user ").append(who);
        }
        if (dataSource != null) {
            sb.append(" via ").append(dataSource.getClass().getName());
            if (pool != null) {
                sb.append(" (pool ").append(pool).append(')');
            }
        }
        return sb.toString();
    }

    private static String firstString(Object target, String... getters) {
        for (String name : getters) {
            try {
                Method m = target.getClass().getMethod(name);
                Object v = m.invoke(target);
                if (v instanceof String) {
                    return (String) v;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
                // Not this pool's getter; try the next.
            }
        }
        return null;
    }
}

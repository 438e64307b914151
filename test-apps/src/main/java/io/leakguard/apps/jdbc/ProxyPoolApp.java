package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.example.pools.ProxyPool;

/**
 * Borrows from a pool that hands out JDK dynamic proxies ({@link ProxyPool}, as MyBatis'
 * PooledDataSource): five borrows closed, one kept open to the end. Only the one kept open is a
 * leak: the proxy's own close() is the release.
 */
public final class ProxyPoolApp {
    private ProxyPoolApp() {
    }

    public static void main(String[] args) throws Exception {
        ProxyPool pool = new ProxyPool("jdbc:h2:mem:proxypool");
        for (int i = 0; i < 5; i++) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
            }
        }
        Connection kept = pool.getConnection(); // LEAK: kept
        kept.setAutoCommit(true);
        System.out.println("ProxyPoolApp: " + kept.getClass().getName().startsWith("jdk.proxy") + ", 5 closed, 1 kept");
    }
}

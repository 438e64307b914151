package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.commons.dbcp2.BasicDataSource;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 1, released by any path: a borrowed handle is released when its physical connection is
 * closed or aborted, whoever does it. The pools are the class's (opened in @BeforeAll), except
 * where a test closes its own pool. Each must-pass test checks that the physical connection
 * really is closed, so a pass is never a leak.
 */
class Rule1ReleasedByAnyPathTest {
    private static HikariDataSource hikari;
    private static BasicDataSource dbcp;
    private static AgroalDataSource agroal;
    /** Pools a test leaves open for the class to close, after the test was judged. */
    private static final java.util.List<AgroalDataSource> OPEN_UNTIL_AFTER_ALL = new java.util.concurrent.CopyOnWriteArrayList<>();

    static HikariDataSource hikari(String name) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        c.setUsername("sa");
        c.setPassword("");
        c.setPoolName(name);
        c.setMaximumPoolSize(3);
        c.setMinimumIdle(0);
        return new HikariDataSource(c);
    }

    static BasicDataSource dbcp(String name) {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUsername("sa");
        ds.setPassword("");
        ds.setAccessToUnderlyingConnectionAllowed(true);
        return ds;
    }

    /** Agroal (Quarkus' pool) over H2, or over {@code provider}'s connections when not null. */
    static AgroalDataSource agroal(String name, Class<?> provider) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(3)
                        .connectionFactoryConfiguration(cf -> provider != null ? cf.connectionProviderClass(provider)
                                : cf.jdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1").principal(new NamePrincipal("sa")))));
    }

    @BeforeAll
    static void pools() throws SQLException {
        hikari = hikari("rule1hikari");
        dbcp = dbcp("rule1dbcp");
        agroal = agroal("rule1agroal", null);
        // Warm Hikari and DBCP2 up outside any test: the pools' own connections are theirs.
        // Agroal is left cold on purpose: the first borrow, a test's, starts its housekeeping
        // thread, which opens the physical connections (mustFailAgroalBorrowNeverReturned).
        hikari.getConnection().close();
        dbcp.getConnection().close();
    }

    @AfterAll
    static void closePools() throws SQLException {
        hikari.close();
        dbcp.close();
        agroal.close();
        for (AgroalDataSource d : OPEN_UNTIL_AFTER_ALL) {
            d.close();
        }
    }

    private static JdbcConnection physical(Connection handle) throws SQLException {
        return handle.unwrap(JdbcConnection.class);
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mustPassHikariEvictConnection() throws Exception {
        Connection c = hikari.getConnection();
        JdbcConnection physical = physical(c);
        hikari.evictConnection(c);
        // HikariCP 5.1 closes an open borrowed connection's physical connection at once (on its
        // connection-closer thread); the handle itself is never closed.
        assertTrue(Data.eventually(() -> closed(physical)), "Hikari closed the physical connection");
    }

    @Test
    void mustPassHikariEvictOverAStubDriverThatClosesNothing() throws Exception {
        // As HikariCP's own suite does: the physical connection's close() is empty and its
        // isClosed() stays false; the pool's close() call on it is the only evidence.
        HikariConfig c = new HikariConfig();
        c.setDataSource(new StubDataSource());
        c.setMinimumIdle(0);
        c.setMaximumPoolSize(2);
        c.setPoolName("rule1-stub");
        try (HikariDataSource stubbed = new HikariDataSource(c)) {
            Connection borrowed = stubbed.getConnection();
            stubbed.evictConnection(borrowed);
            HikariPoolMXBean pool = stubbed.getHikariPoolMXBean();
            assertTrue(Data.eventually(() -> pool.getTotalConnections() == 0), "Hikari let the evicted connection go");
        }
    }

    /** Three full collections, a moment apart: what the test dropped is gone before it ends. */
    private static void collect() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(150);
        }
    }

    @Test
    void mustPassEvictedAndInvalidatedHandlesTheGcTookBeforeTheTestEnded() throws Exception {
        // As the pools' own suites do in their race tests: borrow, evict or invalidate, drop the
        // handle. Released by the pool; the GC takes the handles before the test is judged.
        for (int i = 0; i < 10; i++) {
            Connection h = hikari.getConnection();
            hikari.evictConnection(h);
            Connection d = dbcp.getConnection();
            dbcp.invalidateConnection(d);
        }
        collect();
    }

    @Test
    void mustFailABorrowTheGcTookWhileThePoolStillHoldsItsConnection() throws Exception {
        BasicDataSource own = dbcp("rule1gc");
        Connection c = own.getConnection();                                  // leak: site
        assertTrue(c.isValid(1));
        c = null;
        collect();
    }

    @Test
    void mustFailAPoolDroppedWholeWithItsBorrowedConnection() throws Exception {
        // The pool, its connection and the handle all become garbage: nothing closed anything.
        BasicDataSource own = dbcp("rule1dropped");
        Connection c = own.getConnection();                                  // leak: site
        assertTrue(c.isValid(1));
        c = null;
        own = null;
        collect();
    }

    @Test
    void mustPassDbcp2InvalidateConnection() throws Exception {
        Connection c = dbcp.getConnection();
        JdbcConnection physical = physical(c);
        dbcp.invalidateConnection(c);
        assertTrue(physical.isClosed() && c.isClosed());
    }

    @Test
    void mustPassHikariCloseTheUnwrappedConnection() throws Exception {
        Connection c = hikari.getConnection();
        physical(c).close();
        assertTrue(physical(c).isClosed());
    }

    @Test
    void mustPassDbcp2CloseTheInnermostDelegate() throws Exception {
        Connection c = dbcp.getConnection();
        Connection inner = ((org.apache.commons.dbcp2.DelegatingConnection<?>) c).getInnermostDelegate();
        inner.close();
        assertTrue(inner.isClosed() && c.isClosed());
    }

    @Test
    void mustPassHikariCloseAbortsBorrowedConnections() throws Exception {
        HikariDataSource own = hikari("rule1own");
        HikariPoolMXBean pool = own.getHikariPoolMXBean();
        Connection c = own.getConnection();
        own.close();
        // HikariDataSource.close() aborts what is borrowed and takes it out of the pool at once.
        // H2 2.3's Connection.abort(Executor) is an empty method, so H2 leaves the physical
        // connection open (checked without the agent: still open 8 s later); the application
        // did its part, the pool did its part: the abort is the release (issue 18, rule 1).
        assertEquals(0, pool.getTotalConnections(), "HikariDataSource.close() aborted the borrowed connection");
        assertTrue(own.isClosed());
    }

    @Test
    void mustFailDbcp2CloseLeavesBorrowedConnectionsOpen() throws Exception {
        BasicDataSource own = dbcp("rule1ownDbcp");
        Connection c = own.getConnection();                                  // leak: site
        JdbcConnection physical = physical(c);
        own.close();
        assertFalse(physical.isClosed(), "DBCP2 leaves borrowed connections open when the pool closes");
    }

    @Test
    void mustFailHikariBorrowNeverReturned() throws Exception {
        Connection c = hikari.getConnection();                               // leak: site
        assertTrue(c.isValid(1));
    }

    @Test
    void mustPassStatementsAndResultSetsCloseWithTheirConnection() throws Exception {
        Connection c = hikari.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select 1");
        assertTrue(rs.next());
        Connection d = dbcp.getConnection();
        Statement st2 = d.createStatement();
        ResultSet rs2 = st2.executeQuery("select 2");
        assertTrue(rs2.next());
        assertEquals(2, rs2.getInt(1));
        c.close();
        d.close();
        assertTrue(st.isClosed() && rs.isClosed() && st2.isClosed() && rs2.isClosed());
    }

    @Test
    void mustPassAgroalCloseOverConnectionsWhoseCloseIsAnInterfaceDefault() throws Exception {
        // Agroal's own suite: borrowed handles never closed, the pool closed; the physical
        // connections' close() is an interface's default method, which must be seen like any.
        int before = ConnectionDefaults.CLOSES.get();
        try (AgroalDataSource own = agroal("rule1agroal-defaults", InheritedCloseDataSource.class)) {
            assertFalse(own.getConnection().isClosed());
            assertFalse(own.getConnection().isClosed());
        }
        assertTrue(ConnectionDefaults.CLOSES.get() - before >= 2, "Agroal closed both physical connections");
    }

    @Test
    void mustPassAgroalCloseOfXAConnectionsThatCloseNothing() throws Exception {
        // Agroal's own suite again: its mock XAConnection's close() closes nothing, and the pool's
        // close of the XAConnections is the only release its borrowed handles see. JDBC says that
        // close() closes the physical connection.
        int before = ClosesNothingXADataSource.XA_CLOSES.get();
        try (AgroalDataSource own = agroal("rule1agroal-xa", ClosesNothingXADataSource.class)) {
            assertFalse(own.getConnection().isClosed());
            assertFalse(own.getConnection().isClosed());
        }
        assertTrue(ClosesNothingXADataSource.XA_CLOSES.get() - before >= 2, "Agroal closed both XAConnections");
    }

    @Test
    void mustFailAgroalXABorrowNeverReturned() throws Exception {
        // The same pool kept open past the test's end: the handle is the test's leak.
        AgroalDataSource own = agroal("rule1agroal-xa-open", ClosesNothingXADataSource.class);
        OPEN_UNTIL_AFTER_ALL.add(own);
        Connection c = own.getConnection();                                  // leak: site
        assertFalse(c.isClosed());
    }

    @Test
    void mustFailABorrowAfterAHandleThatIsAlsoAPooledConnectionWentBackToThePool() throws Exception {
        // Tomcat's jdbc-pool: the handle is also a PooledConnection, and its close() returns the
        // physical connection to the pool, open. That close is no release of the physical
        // connection, so the next borrow over it, never returned, is this test's leak.
        BothWaysPool pool = new BothWaysPool();
        Connection first = pool.getConnection();
        Connection physical = ((javax.sql.PooledConnection) first).getConnection();
        first.close();
        assertFalse(physical.isClosed());
        Connection again = pool.getConnection();                             // leak: site
        assertFalse(again.isClosed());
    }

    @Test
    void mustFailABorrowOutWhileAHandleThatIsAlsoAPooledConnectionGoesBackToThePool() throws Exception {
        // The same pool: the second handle, over the same physical connection, is out when the
        // first goes back. That close is no release of the physical connection either.
        BothWaysPool pool = new BothWaysPool();
        Connection first = pool.getConnection();
        Connection again = pool.getConnection();                             // leak: site
        Connection physical = ((javax.sql.PooledConnection) first).getConnection();
        first.close();
        assertFalse(physical.isClosed());
        assertFalse(again.isClosed());
    }

    @Test
    void mustFailASecondBorrowOverAConnectionWhoseCloseReturnsItToItsPool() throws Exception {
        // MariaDB Connector/J's pooled connection behind an application's wrapper: the connection
        // wraps none, and its close() returns it to the pool, open. The first borrower's return
        // closed it; the second borrower, who never returns it, leaks.
        WrappingDataSource ds = new WrappingDataSource(new SelfReturningPool());
        ds.getConnection().close();
        Connection again = ds.getConnection();                               // leak: site
        assertFalse(again.isClosed());
    }

    @Test
    void mustFailABorrowWhoseMockedXAConnectionIsOnlyVerified() throws Exception {
        // A test's Mockito mock of an XAConnection: verify(xa, never()).close() runs the mock's
        // close() to check it, which closes nothing. The handle over its connection is still out.
        javax.sql.XAConnection xa = org.mockito.Mockito.mock(javax.sql.XAConnection.class);
        org.mockito.Mockito.when(xa.getConnection()).thenReturn(new StubConnection());
        WrappingDataSource ds = new WrappingDataSource(new OneXAConnectionPool(xa));
        Connection c = ds.getConnection();                                   // leak: site
        org.mockito.Mockito.verify(xa, org.mockito.Mockito.never()).close();
        assertFalse(c.isClosed());
    }

    @Test
    void mustPassAgroalHealthCheckOpensThePoolsOwnConnection() throws Exception {
        // isHealthy(true) opens a new physical connection outside any getConnection() and keeps
        // it in the class's pool: the pool's, not this test's.
        assertTrue(agroal.isHealthy(true));
        assertTrue(agroal.isHealthy(false));
    }

    @Test
    void mustFailAgroalBorrowNeverReturned() throws Exception {
        Connection c = agroal.getConnection();                               // leak: site
        assertFalse(c.isClosed());
    }
}

package precision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 1 for a proxy handle, and rule 12. A pool that hands out JDK dynamic proxies (MyBatis'
 * PooledDataSource) releases a borrow in the proxy's close(), which returns the physical
 * connection to the pool: that close must be seen. And what a driver opens for itself inside a
 * JDBC call (an embedded database's files, opened as a query runs and kept open by its cache
 * while the database is) is the driver's, not the test's: the connection the test took is what
 * it must close.
 */
class Rule12TheDriversOwnTest {
    private static ProxyPool pool;
    private static Path dir;

    @BeforeAll
    static void pool() throws Exception {
        pool = new ProxyPool("jdbc:h2:mem:rule12;DB_CLOSE_DELAY=-1");
        dir = Files.createTempDirectory("rule12");
    }

    @AfterAll
    static void shutdown() throws Exception {
        pool.shutdown();
        try (Connection c = DriverManager.getConnection(fileUrl(), "sa", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private static String fileUrl() {
        return "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void mustPassAProxyHandleClosedBackIntoItsPool() throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void mustFailAProxyHandleNeverClosed() throws Exception {
        Connection c = pool.getConnection(); // leak: site
        c.createStatement().close();
    }

    @Test
    void mustFailAFileAnApplicationsProxyHandlerOpensAndLeaves() throws Exception {
        // Rule 12 is the driver's own: a listener of the application's logging proxy runs
        // inside the proxy's JDBC call, and what it leaves open is still the test's.
        Path log = Files.createTempFile(dir, "listener", ".log");
        try (Connection physical = pool.getConnection()) {
            Connection logged = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        new FileOutputStream(log.toFile(), true).write(1); // leak: site
                        return method.invoke(physical, args);
                    });
            logged.getAutoCommit();
        }
    }

    @Test
    void mustPassAnEmbeddedDatabasesFilesKeptOpenByTheDatabase() throws Exception {
        // The database's files are opened inside these JDBC calls and stay open after the
        // connection is closed (DB_CLOSE_DELAY=-1): the database's, closed at its SHUTDOWN.
        try (Connection c = DriverManager.getConnection(fileUrl(), "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists t (id int)");
            s.execute("insert into t values (1)");
            try (ResultSet rs = s.executeQuery("select count(*) from t")) {
                assertTrue(rs.next());
            }
        }
    }
}

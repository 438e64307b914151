package precision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 2's other side: a handle over a tracked connection is only an alias of it when that
 * connection has a line of the application's. c3p0 (Hibernate's pool, a jar no scope names)
 * starts its helper threads on the first borrow, a test's, and opens its physical connections
 * on them: those are recorded for the test, with no application line; the handle the test
 * borrowed is the acquisition.
 */
class Rule2PoolThreadConnectionsTest {
    private static ComboPooledDataSource c3p0;

    @BeforeAll
    static void pool() {
        // Configured, not started: c3p0 starts its pool and helper threads on the first borrow.
        c3p0 = new ComboPooledDataSource();
        c3p0.setJdbcUrl("jdbc:h2:mem:rule2c3p0;DB_CLOSE_DELAY=-1");
        c3p0.setUser("sa");
        c3p0.setPassword("");
        c3p0.setMaxPoolSize(4);
    }

    @AfterAll
    static void close() {
        c3p0.close();
    }

    @Test
    void mustFailAC3p0BorrowNeverReturned() throws Exception {
        Connection c = c3p0.getConnection();                                 // leak: site
        assertFalse(c.isClosed());
    }

    @Test
    void mustPassAC3p0BorrowReturned() throws Exception {
        Connection c = c3p0.getConnection();
        assertTrue(c.isValid(1));
        c.close();
    }
}

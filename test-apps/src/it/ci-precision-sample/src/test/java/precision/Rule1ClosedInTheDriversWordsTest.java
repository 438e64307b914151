package precision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Rule 1, in the driver's own words: a connection whose isClosed() said true is closed (JDBC: after
 * close(), or a fatal error), whoever asked. ORMLite's suite tests the error path of its connection
 * source with a mocked driver whose (mocked) connection says it is closed, and never closes the source; the
 * database shutting down under a kept connection is the same with a real driver. Asking is no
 * release by itself: a connection that said false is judged as ever.
 */
class Rule1ClosedInTheDriversWordsTest {
    @Test
    void mustPassAKeptConnectionTheDatabaseClosedUnderneath() throws Exception {
        String url = "jdbc:h2:mem:rule1-shutdown-" + System.nanoTime();
        ConnectionKeeper keeper = new ConnectionKeeper(url);
        keeper.connection();
        try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement()) {
            s.execute("SHUTDOWN");
        }
        assertThrows(SQLException.class, keeper::connection, "the keeper saw its connection closed");
        // The keeper is never closed: its connection is, the database said so.
    }

    @Test
    void mustPassAMockedDriversConnectionThatSaysItIsClosed() throws Exception {
        String url = "jdbc:rule1-mock:" + System.nanoTime();
        Connection conn = mock(Connection.class);
        when(conn.isClosed()).thenReturn(true);
        Driver driver = new OneConnectionDriver(url, conn);
        DriverManager.registerDriver(driver);
        try {
            ConnectionKeeper keeper = new ConnectionKeeper(url);
            keeper.connection();
            assertThrows(SQLException.class, keeper::connection);
            // keeper.close() never runs, as in ORMLite's testConnectionClosed.
        } finally {
            DriverManager.deregisterDriver(driver);
        }
    }

    @Test
    void mustFailAKeptConnectionThatSaidItWasOpen() throws Exception {
        ConnectionKeeper keeper = new ConnectionKeeper("jdbc:h2:mem:rule1-open-" + System.nanoTime());
        keeper.connection();                                                 // leak: stack
        assertFalse(keeper.connection().isClosed());
    }

    @Test
    void mustFailAConnectionLeftOpenAfterAnotherSaidItWasClosed() throws Exception {
        String url = "jdbc:h2:mem:rule1-two-" + System.nanoTime();
        Connection first = DriverManager.getConnection(url);
        first.close();
        assertTrue(first.isClosed());
        Connection second = DriverManager.getConnection(url);               // leak: site
        assertFalse(second.isClosed());
    }
}

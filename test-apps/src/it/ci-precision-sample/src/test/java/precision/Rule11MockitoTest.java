package precision;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Rule 11 with Mockito itself (commons-dbutils' tests, docs/ci-precision.md): a stubbing call
 * runs the mock's method, and once an earlier stub made getConnection() return a connection mock,
 * {@code when(ds.getConnection())} hands one out at the test's own line; nothing was opened. What
 * the code under test takes from a mock and never closes is still its leak.
 */
class Rule11MockitoTest {
    @Test
    void mustPassARestubbedDataSource() throws Exception {
        DataSource ds = mock(DataSource.class);
        Connection conn = mock(Connection.class);
        when(ds.getConnection()).thenReturn(conn);
        when(ds.getConnection()).thenReturn(null);
        assertNull(ds.getConnection(), "the second stub took: the agent's calls did not stub something else");
        verifyNoMoreInteractions(conn);
    }

    @Test
    void mustPassAConnectionTheTestClosesAndVerifies() throws Exception {
        DataSource ds = mock(DataSource.class);
        Connection conn = mock(Connection.class);
        when(ds.getConnection()).thenReturn(conn);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
        }
        verify(conn).setAutoCommit(false);
        verify(conn).close();
        verifyNoMoreInteractions(conn);
    }

    @Test
    void mustFailAStatementTheCodeUnderTestLeavesOpen() throws Exception {
        Connection conn = mock(Connection.class);
        when(conn.prepareStatement(anyString())).thenReturn(mock(PreparedStatement.class));
        MockedQueries.prepareAndForget(conn); // leak: stack
    }
}

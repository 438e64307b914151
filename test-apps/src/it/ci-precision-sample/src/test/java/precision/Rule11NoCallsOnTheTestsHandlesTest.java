package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Rule 11, the agent makes no call on a test's handles while the test runs: a mocking framework
 * sees every call on its mock, so one made by the agent changes what the test sees. Mockito's
 * when(ds.getConnection()).thenReturn(null), after an earlier stub had the data source return a
 * mock connection, stubbed the agent's unwrap call on that connection instead (ci mode looked
 * for the connection a borrowed handle wraps by asking the handle), and verifyNoMoreInteractions
 * failed. Here the connection records what it is asked, as a mock would.
 */
class Rule11NoCallsOnTheTestsHandlesTest {
    /** Every call a mocking framework would record, in order. */
    static final class RecordingConnection extends StubConnection {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public boolean isClosed() {
            calls.add("isClosed");
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            calls.add("unwrap");
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            calls.add("isWrapperFor");
            return false;
        }
    }

    @Test
    void mustPassOnlyTheTestCallsTheConnectionItBorrows() throws Exception {
        RecordingConnection handed = new RecordingConnection();
        PlainDataSource ds = new PlainDataSource() {
            @Override
            public Connection getConnection() {
                return handed;
            }

            @Override
            public Connection getConnection(String user, String password) {
                return handed;
            }
        };
        try (Connection c = ds.getConnection()) {
            assertEquals(List.of(), handed.calls, "calls on the connection that the test did not make");
        }
        assertEquals(List.of("close"), handed.calls, "calls on the connection that the test did not make");
    }
}

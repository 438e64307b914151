package precision;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.apache.geronimo.transaction.manager.TransactionManagerImpl;
import org.junit.jupiter.api.Test;

/**
 * Threads a library starts for its own objects: Geronimo's transaction manager starts a daemon
 * RetryTimer in its constructor and has no way to stop it; the test made no thread of its own.
 * Not the test's leak (seen as 243 false failures in commons-dbcp's managed-connection tests
 * before the rule: a creator outside the project's build output is a library's, and its daemon
 * threads do not count).
 */
class Rule9LibraryThreadsTest {
    @Test
    void mustPassALibrarysObjectStartsItsOwnDaemonThread() throws Exception {
        TransactionManagerImpl tm = new TransactionManagerImpl();
        assertNotNull(tm.getTransaction() == null ? tm : null);
    }
}

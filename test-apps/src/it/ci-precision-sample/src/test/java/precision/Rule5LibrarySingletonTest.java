package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import precision.lib.Manager;
import precision.lib.Managers;

/**
 * Rule 5 through the library's own singleton (Commons VFS): a thread or file that a static field
 * of another class of the same library holds, here the process-wide manager Managers.get()
 * created and handed back, is the library's, though that class is no longer on the stack when
 * the manager starts its thread or opens its archive. A manager the test makes and never closes
 * leaks both.
 */
class Rule5LibrarySingletonTest {
    @Test
    void mustPassAThreadOfTheLibrarysProcessWideManager() {
        assertEquals("a", Managers.get().resolve("a"));
    }

    @Test
    void mustPassAnArchiveKeptOpenByTheLibrarysProcessWideManager() throws Exception {
        assertTrue(Managers.get().archiveLength() > 0);
    }

    @Test
    void mustFailAThreadOfAManagerTheTestNeverCloses() {
        Manager own = new Manager();
        own.resolve("b");                                                    // leak: stack
    }

    @Test
    void mustFailAnArchiveOfAManagerTheTestNeverCloses() throws Exception {
        Manager own = new Manager();
        assertTrue(own.archiveLength() > 0);                                 // leak: stack
    }
}

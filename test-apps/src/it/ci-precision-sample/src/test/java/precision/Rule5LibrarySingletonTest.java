package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import precision.library.Manager;
import precision.library.Managers;

/**
 * Rule 5 through the library's own singleton (Commons VFS): a thread or file that a static field
 * of another class of the same library holds, here the process-wide manager Managers.get()
 * created and handed back, is the library's, though that class is no longer on the stack when
 * the manager starts its thread or opens its archive, also when another library's code opened
 * it (the spool, through Commons IO). A manager the test makes and never closes
 * leaks both, and a test helper's statics are no library's (the tests' own classes directory).
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
    void mustPassASpoolTheLibrarysProcessWideManagerOpensThroughAnotherLibrary() throws Exception {
        Managers.get().spool();
    }

    @Test
    void mustFailASpoolOfAManagerTheTestNeverCloses() throws Exception {
        new Manager().spool();                                               // leak: stack
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

    @Test
    void mustFailAFileATestHelperOpensThatAnotherTestClassesStaticKeeps() throws Exception {
        TestHelpers.KEPT.add(TestHelpers.Opener.open());                    // leak: stack
    }
}

package precision.isolated;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import precision.isolated.lib.IsolatedProcessId;

/**
 * Rule 5 through a loader that is not the system one: this class and its library run in a loader
 * of their own (precision.IsolatingInterceptor, as Agroal's suite runs Narayana). A library's
 * lazily created singleton is still the library's, and a copy of the library's class that never
 * ran (the system loader holds one, loaded but never initialized) is never initialized by the
 * judgement: the last test checks that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD) // in order, also in the build that runs every class's methods concurrently
class Rule5IsolatedLoaderTest {
    @BeforeAll
    static void aSecondCopyThatNeverRuns() throws Exception {
        assertNotSame(ClassLoader.getSystemClassLoader(), IsolatedProcessId.class.getClassLoader(),
                "the test runs in a loader of its own");
        // Loaded by the system loader, not initialized: the same name, a class that never runs.
        Class.forName(IsolatedProcessId.class.getName(), false, ClassLoader.getSystemClassLoader());
    }

    @Test
    @Order(1)
    void mustPassALibrarySingletonInTheTestsOwnLoader() throws Exception {
        assertTrue(IsolatedProcessId.get() > 0);
    }

    @Test
    @Order(2)
    void mustFailASocketTheLibraryHandsOverAndNobodyKeeps() throws Exception {
        ServerSocket s = IsolatedProcessId.another();                           // leak: stack
        assertTrue(s.getLocalPort() > 0);
    }

    @Test
    @Order(3)
    void mustPassTheCopyThatNeverRanWasNeverInitialized() {
        String initialized = System.getProperty(IsolatedProcessId.INITIALIZED, "");
        assertTrue(initialized.contains("[" + IsolatedProcessId.class.getClassLoader() + "]"), initialized);
        assertFalse(initialized.contains("[" + ClassLoader.getSystemClassLoader() + "]"),
                "the system loader's copy was initialized: " + initialized);
    }
}

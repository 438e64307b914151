package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import precision.lib.ProcessWideRegistry;

/**
 * Rule 5, class-owned things: what a static initializer opens belongs to its class, even when a
 * test's first use triggers it; a fixture a test creates lazily and the class closes in
 * @AfterAll is the class's, not that test's. One created the same way that nothing closes is
 * still a leak: it may be judged at the class's end (a class-level failure naming the test's line).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Rule5ClassOwnedTest {
    private static FileInputStream fixture;
    /** Created lazily like the fixture, but nobody ever closes it. */
    private static FileInputStream forgotten;

    private static FileInputStream fixture() throws Exception {
        if (fixture == null) {
            fixture = new FileInputStream(Data.file());
        }
        return fixture;
    }

    @AfterAll
    static void closeFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void mustPassFirstUseOfALibrarysSingleton() throws Exception {
        assertTrue(ProcessWideRegistry.size() > 0);
    }

    @Test
    @Order(2)
    void mustPassCreatesTheLazyFixture() throws Exception {
        assertTrue(fixture().available() > 0);
    }

    @Test
    @Order(3)
    void mustPassUsesTheLazyFixtureAgain() throws Exception {
        assertTrue(fixture().getChannel().size() > 0);
    }

    @Test
    @Order(4)
    void mustFailOwnLeakNextToTheFixture() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        assertEquals('d', in.read());
        assertTrue(fixture().available() > 0);
    }

    @Test
    @Order(5)
    void mustFailLazyFixtureTheClassNeverCloses() throws Exception {
        forgotten = new FileInputStream(Data.file());                         // leak: site
        assertTrue(forgotten.available() > 0);
    }
}

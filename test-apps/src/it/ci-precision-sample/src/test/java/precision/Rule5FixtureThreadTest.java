package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import precision.library.Manager;

/**
 * A thread the class's static fixture starts lazily during a test (Commons VFS's
 * SftpPasswordAuthTest: a manager made in @BeforeAll, closed in @AfterAll, whose cache starts its
 * release thread on first use) is the fixture's, not that test's.
 */
class Rule5FixtureThreadTest {
    private static Manager shared;

    @BeforeAll
    static void open() {
        shared = new Manager();
    }

    @AfterAll
    static void close() throws Exception {
        shared.close();
    }

    @Test
    void mustPassAThreadTheClassesFixtureStartsDuringATest() {
        assertEquals("a", shared.resolve("a"));
    }

    @Test
    void mustFailAThreadOfAManagerTheTestMakesBesideTheFixture() {
        Manager own = new Manager();
        own.resolve("b");                                                    // leak: stack
    }
}

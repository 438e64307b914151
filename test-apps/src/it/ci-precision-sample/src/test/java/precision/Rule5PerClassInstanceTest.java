package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.FileInputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import precision.library.Catalog;
import precision.library.Manager;

/**
 * Rule 5 under @TestInstance(PER_CLASS): the class's one test instance lives from @BeforeAll to
 * @AfterAll, so what its fields hold is the class's, as what its static fields hold (Commons VFS's
 * provider suites keep their manager in an instance field, use it from dynamic tests, and close
 * it in @AfterAll). A file a test keeps in such a field that nothing closes, or an executor
 * nothing shuts down, fails the class at its end, naming the test's line; a test's own leak
 * beside the fixture fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Rule5PerClassInstanceTest {
    private Catalog catalog;
    private Manager manager;
    /** Kept by a test like the fixtures, but nobody ever closes it. */
    private FileInputStream forgotten;
    /** Kept by a test like the fixtures, but nobody ever shuts it down. */
    private ExecutorService neverShutDown;

    @BeforeAll
    void createFixtures() {
        catalog = Catalog.create();
        manager = new Manager();
    }

    @AfterAll
    void closeFixtures() throws Exception {
        catalog.close();
        manager.close();
    }

    @Test
    @Order(1)
    void mustPassAnArchiveTheInstancesCatalogOpensLazily() throws Exception {
        assertTrue(catalog.length("first") > 0);
    }

    @Test
    @Order(2)
    void mustPassAThreadTheInstancesManagerStartsLazily() {
        assertEquals("a", manager.resolve("a"));
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> mustPassDynamicTestsUsingTheInstancesCatalog() {
        return Stream.of(
                dynamicTest("second", () -> assertTrue(catalog.length("second") > 0)),
                dynamicTest("third", () -> assertTrue(catalog.length("third") > 0)));
    }

    @Test
    @Order(4)
    void mustFailAFileATestKeepsInAFieldNothingCloses() throws Exception {
        forgotten = new FileInputStream(Data.file());                         // leak: site
        assertTrue(forgotten.available() > 0);
    }

    @Test
    @Order(5)
    void mustFailOwnLeakNextToTheInstancesCatalog() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        assertEquals('d', in.read());
        assertTrue(catalog.length("first") > 0);
    }

    @Test
    @Order(6)
    void mustFailAnExecutorATestKeepsInAFieldNothingShutsDown() throws Exception {
        neverShutDown = Executors.newSingleThreadExecutor();                  // leak: stack
        neverShutDown.submit(() -> { }).get();
    }
}

package sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fixture opened in @BeforeAll and closed in @AfterAll belongs to the class: no test fails. */
class ClassLevelTest {
    private static FileInputStream fixture;

    @BeforeAll
    static void open() throws Exception {
        File f = File.createTempFile("ci-fixture", ".txt");
        Files.writeString(f.toPath(), "fixture");
        f.deleteOnExit();
        fixture = new FileInputStream(f);
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    @Test
    void usesTheFixture() throws Exception {
        assertTrue(fixture.available() > 0);
    }

    @Test
    void usesItAgain() throws Exception {
        assertTrue(fixture.getChannel().size() > 0);
    }
}

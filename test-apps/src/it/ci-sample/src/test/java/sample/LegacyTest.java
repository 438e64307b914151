package sample;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Files;
import org.junit.Test;

/** JUnit 4, run by JUnit 5's vintage engine: one test leaks a file, one closes it. */
public class LegacyTest {
    private static final boolean FIXED = Boolean.getBoolean("leaks.fixed");

    private static File data() throws Exception {
        File f = File.createTempFile("ci-legacy", ".txt");
        Files.writeString(f.toPath(), "legacy");
        f.deleteOnExit();
        return f;
    }

    @Test
    public void leaksAFile() throws Exception {
        FileInputStream in = new FileInputStream(data());                     // LEAK: junit4-file
        assertEquals('l', in.read());
        if (FIXED) {
            in.close();
        }
    }

    @Test
    public void closesItsFile() throws Exception {
        try (FileInputStream in = new FileInputStream(data())) {
            assertEquals('l', in.read());
        }
    }
}

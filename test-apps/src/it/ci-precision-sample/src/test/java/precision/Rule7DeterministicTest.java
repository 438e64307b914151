package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 7, deterministic: a leaking test reports the same resources on every run, whatever the GC
 * did. Here the GC collects the unclosed stream before the test ends (it is still a leak: closed
 * by no one but the Cleaner); CiPrecisionTest also builds the sample twice and compares.
 */
class Rule7DeterministicTest {
    private static final List<FileInputStream> KEPT = new ArrayList<>();

    @Test
    void mustFailLeakCollectedBeforeTheTestEnds() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        assertEquals('d', in.read());
        in = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(150);
        }
    }

    @Test
    void mustFailLeakStillReachable() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        KEPT.add(in);
        assertEquals('d', in.read());
    }

    @Test
    void mustPassClosedThenCollected() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());
        assertEquals('d', in.read());
        in.close();
        in = null;
        System.gc();
    }
}

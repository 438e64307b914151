package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import precision.lib.Layers;

/**
 * Rule 8, stacks that reach the owner: the file is opened a dozen frames below the test; the
 * failure's stack must go down at least to the test's own frame.
 */
class Rule8DeepStackTest {
    @Test
    void mustFailLeakTwelveFramesDown() throws Exception {
        InputStream in = Layers.open(Data.file());                          // leak: stack
        assertEquals('d', in.read());
    }

    @Test
    void mustPassClosedTwelveFramesDown() throws Exception {
        try (InputStream in = Layers.open(Data.file())) {
            assertEquals('d', in.read());
        }
    }
}

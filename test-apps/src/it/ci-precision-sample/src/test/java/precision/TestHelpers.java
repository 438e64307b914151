package precision;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;

/** Test helpers in the tests' own classes directory: their statics are no library's. */
final class TestHelpers {
    /** A list a test keeps what it opened in, for some later test to close (or none). */
    static final List<RandomAccessFile> KEPT = new ArrayList<>();

    private TestHelpers() {
    }

    /** Opens a file, as a helper that the test calls. */
    static final class Opener {
        private Opener() {
        }

        static RandomAccessFile open() throws IOException {
            return new RandomAccessFile(Data.file(), "r");
        }
    }
}

package precision;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/** Small files for the tests to open. Creating one opens nothing that stays open. */
public final class Data {
    private Data() {
    }

    public static File file() {
        try {
            File f = File.createTempFile("ci-precision", ".txt");
            Files.writeString(f.toPath(), "data");
            f.deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to two seconds for a condition another thread makes true. */
    public static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        return eventually(condition, 2_000);
    }

    public static boolean eventually(java.util.function.BooleanSupplier condition, long millis)
            throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}

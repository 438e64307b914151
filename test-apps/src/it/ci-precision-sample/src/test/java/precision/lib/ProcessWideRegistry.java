package precision.lib;

import java.io.IOException;
import java.io.RandomAccessFile;
import precision.Data;

/**
 * A library's process-wide singleton, created by its static initializer on first use (Narayana's
 * TxControl, a driver's shared timer): what it opens belongs to the class, for the JVM's life.
 */
public final class ProcessWideRegistry {
    private static final RandomAccessFile STORE;

    static {
        try {
            STORE = new RandomAccessFile(Data.file(), "r");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ProcessWideRegistry() {
    }

    public static long size() throws IOException {
        return STORE.length();
    }
}

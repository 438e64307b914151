package precision.library;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * A library's process-wide catalog, created on first use: the archives it opens (through
 * {@link Entries} and {@link Readers}, each with a static logger) stay open in it until it is
 * closed, as Commons VFS's jar file systems keep their JarFile in the global manager.
 */
public final class Catalog implements AutoCloseable {
    private static final Logging.Log LOG = Logging.get(Catalog.class);
    private static Catalog instance;

    private final Map<String, RandomAccessFile> open = new HashMap<>();

    private Catalog() {
    }

    public static synchronized Catalog get() {
        if (instance == null) {
            instance = new Catalog();
        }
        return instance;
    }

    /** A catalog of the caller's own, which the caller must close. */
    public static Catalog create() {
        return new Catalog();
    }

    /** The archive's length; the archive is opened once and kept open. */
    public synchronized long length(String name) throws IOException {
        RandomAccessFile f = open.get(name);
        if (f == null) {
            f = Entries.open(name);
            open.put(name, f);
        }
        return f.length();
    }

    static File archive() throws IOException {
        File f = File.createTempFile("ci-precision-catalog", ".txt");
        Files.writeString(f.toPath(), "data");
        f.deleteOnExit();
        return f;
    }

    @Override
    public synchronized void close() throws IOException {
        for (RandomAccessFile f : open.values()) {
            f.close();
        }
        open.clear();
    }

    /** The catalog's entries: on the stack between the catalog and the reader that opens. */
    static final class Entries {
        private static final Logging.Log LOG = Logging.get(Entries.class);

        private Entries() {
        }

        static RandomAccessFile open(String name) throws IOException {
            return Readers.read(name);
        }
    }

    /** What opens the archive: the first class of the library on the acquisition's stack. */
    static final class Readers {
        private static final Logging.Log LOG = Logging.get(Readers.class);

        private Readers() {
        }

        static RandomAccessFile read(String name) throws IOException {
            return new RandomAccessFile(archive(), "r");
        }
    }
}

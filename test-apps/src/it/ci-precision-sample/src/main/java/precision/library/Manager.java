package precision.library;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.util.HashMap;
import java.util.Map;
import java.io.File;
import java.nio.file.Files;
import org.apache.commons.io.FileUtils;

/**
 * A library's manager (Commons VFS's DefaultFileSystemManager): its cache starts a release thread
 * on first use, and the archives it resolves stay open in its cache until it is closed. In the
 * sample's main classes, apart from its tests: a library is loaded from a jar or classes
 * directory of its own.
 */
public final class Manager implements AutoCloseable {
    /** The cache holds the release thread, as VFS's manager holds its files cache. */
    private final Cache cache = new Cache();
    private final Map<String, RandomAccessFile> archives = new HashMap<>();
    private final Map<String, OutputStream> spools = new HashMap<>();

    /** Resolves a name through the cache, whose release thread starts with its first entry. */
    public synchronized String resolve(String name) {
        if (cache.releaser == null) {
            cache.releaser = new Thread(Manager::release, "manager-release");
            cache.releaser.setDaemon(true);
            cache.releaser.start();
        }
        return name;
    }

    /** Opens the archive once and keeps it open in the cache. */
    public synchronized long archiveLength() throws IOException {
        RandomAccessFile f = archives.get("data");
        if (f == null) {
            f = new RandomAccessFile(archive(), "r");
            archives.put("data", f);
        }
        return f.length();
    }

    /**
     * Opens the spool once, through another library (Commons IO opens the file: its classes come
     * first on the stack), and keeps it open until the manager is closed.
     */
    public synchronized void spool() throws IOException {
        if (!spools.containsKey("spool")) {
            spools.put("spool", FileUtils.openOutputStream(archive()));
        }
    }

    private static File archive() throws IOException {
        File f = File.createTempFile("ci-precision-archive", ".txt");
        Files.writeString(f.toPath(), "data");
        f.deleteOnExit();
        return f;
    }

    private static void release() {
        try {
            while (true) {
                Thread.sleep(60_000);
            }
        } catch (InterruptedException closed) {
            // the manager was closed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (cache.releaser != null) {
            cache.releaser.interrupt();
            cache.releaser = null;
        }
        for (RandomAccessFile f : archives.values()) {
            f.close();
        }
        archives.clear();
        for (OutputStream s : spools.values()) {
            s.close();
        }
        spools.clear();
    }

    private static final class Cache {
        Thread releaser;
    }
}

package io.leakguard.apps.files;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Leaks files in every way leakguard tracks. Each leaking line carries a "LEAK:" marker that the
 * end-to-end tests look up, so the expected line numbers are read from this file, not hard-coded.
 * It exits with status 3 so the tests can check the exit status is unchanged by the agent.
 *
 * <p>Argument: how long to keep the leaked files open before exiting (default 0 ms).
 */
public final class FileLeaks {
    private FileLeaks() {
    }

    public static void main(String[] args) throws Exception {
        long holdMillis = args.length > 0 ? Long.parseLong(args[0]) : 0;
        Path dir = Files.createTempDirectory("leakguard-fileleaks");
        Path data = dir.resolve("data.txt");
        Files.write(data, "hello\nworld\n".getBytes(StandardCharsets.UTF_8));
        Path zip = dir.resolve("archive.zip");
        writeArchive(new ZipOutputStream(Files.newOutputStream(zip)));
        Path jar = dir.resolve("archive.jar");
        writeArchive(new JarOutputStream(Files.newOutputStream(jar)));

        List<Object> held = new ArrayList<>();
        held.add(new FileInputStream(data.toFile()));                       // LEAK: fis-file
        held.add(new FileInputStream(data.toString()));                     // LEAK: fis-string
        held.add(new FileOutputStream(dir.resolve("out1.txt").toFile(), true)); // LEAK: fos
        held.add(new RandomAccessFile(data.toFile(), "r"));                 // LEAK: raf
        held.add(FileChannel.open(data));                                   // LEAK: channel-open
        held.add(Files.newByteChannel(data));                               // LEAK: byte-channel
        held.add(Files.newInputStream(data));                               // LEAK: new-input-stream
        held.add(Files.newOutputStream(dir.resolve("out2.txt")));           // LEAK: new-output-stream
        held.add(Files.newBufferedReader(data));                            // LEAK: buffered-reader
        held.add(Files.newBufferedWriter(dir.resolve("out3.txt")));         // LEAK: buffered-writer
        held.add(Files.lines(data));                                        // LEAK: lines
        held.add(Files.list(dir));                                          // LEAK: list
        held.add(Files.walk(dir));                                          // LEAK: walk
        held.add(Files.newDirectoryStream(dir));                            // LEAK: directory-stream
        held.add(new ZipFile(zip.toFile()));                                // LEAK: zip-file
        held.add(new JarFile(jar.toFile()));                                // LEAK: jar-file
        FileInputStream withChannel = new FileInputStream(data.toFile());   // LEAK: get-channel
        held.add(withChannel.getChannel());
        for (int i = 0; i < 5; i++) {
            held.add(new FileInputStream(data.toFile()));                   // LEAK: loop
        }
        held.add(new AuditedFile(data));                                    // LEAK: subclass
        held.add(new StreamHolder(data));
        int lost = loseToGc(data);

        // Let the lost stream be collected and its record reach the scan.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Thread.sleep(holdMillis);
        System.out.println("FileLeaks: holding " + held.size() + " resources, lost " + lost);
        System.exit(3);
    }

    private static int loseToGc(Path data) throws IOException {
        FileInputStream dropped = new FileInputStream(data.toFile());       // LEAK: lost-to-gc
        return dropped.read() > 0 ? 1 : 0;
    }

    /** An application's own subclass of a resource type: the site is the line with `new`. */
    private static final class AuditedFile extends RandomAccessFile {
        AuditedFile(Path p) throws IOException {
            this(p, "r");
        }

        AuditedFile(Path p, String mode) throws IOException {
            super(p.toFile(), mode);
        }
    }

    /** Opens a stream into a field: not a resource subclass, so its constructor line is the site. */
    private static final class StreamHolder {
        final FileInputStream in;

        StreamHolder(Path p) throws IOException {
            in = new FileInputStream(p.toFile());                           // LEAK: holder-field
        }
    }

    private static void writeArchive(ZipOutputStream out) throws IOException {
        try (OutputStream o = out) {
            out.putNextEntry(new ZipEntry("hello.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}

package io.leakguard.apps.files;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Uses every tracked file API and closes everything: leakguard must report nothing. */
public final class FileClean {
    private FileClean() {
    }

    public static void main(String[] args) throws Exception {
        long holdMillis = args.length > 0 ? Long.parseLong(args[0]) : 0;
        Path dir = Files.createTempDirectory("leakguard-fileclean");
        Path data = dir.resolve("data.txt");
        Files.write(data, "hello\nworld\n".getBytes(StandardCharsets.UTF_8));
        long total = 0;
        for (int round = 0; round < 20; round++) {
            try (FileInputStream in = new FileInputStream(data.toFile())) {
                total += in.read();
            }
            try (FileOutputStream out = new FileOutputStream(dir.resolve("o.txt").toString(), true)) {
                out.write(1);
            }
            try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "r")) {
                total += raf.length();
            }
            try (FileChannel ch = FileChannel.open(data)) {
                total += ch.size();
            }
            try (SeekableByteChannel ch = Files.newByteChannel(data)) {
                total += ch.read(ByteBuffer.allocate(4));
            }
            try (InputStream in = Files.newInputStream(data)) {
                total += in.read();
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve("p.txt"))) {
                out.write(2);
            }
            try (BufferedReader r = Files.newBufferedReader(data)) {
                total += r.readLine().length();
            }
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("q.txt"))) {
                w.write("x");
            }
            try (BufferedReader r = new BufferedReader(new FileReader(data.toFile()))) {
                total += r.readLine().length();
            }
            try (Stream<String> lines = Files.lines(data)) {
                total += lines.count();
            }
            try (Stream<Path> list = Files.list(dir)) {
                total += list.count() > 0 ? 1 : 0;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                total += walk.count() > 0 ? 1 : 0;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                total += ds.iterator().hasNext() ? 1 : 0;
            }
            // Closing the channel closes the stream it came from: one resource, closed once.
            FileInputStream shared = new FileInputStream(data.toFile());
            try (FileChannel ch = shared.getChannel()) {
                total += ch.size();
            }
            total += Files.readAllBytes(data).length;
            total += Files.readAllLines(data).size();
        }
        Path zip = dir.resolve("a.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("x"));
            out.write(1);
            out.closeEntry();
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            total += z.size();
        }
        try (JarFile j = new JarFile(zip.toFile())) {
            total += j.size();
        }
        deleteAll(dir);
        Thread.sleep(holdMillis);
        System.out.println("FileClean: checksum " + total);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}

package io.leakguard.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

class NestedJarTest {
    private static final String PREFIX = "io/leakguard/bootstrap/";

    /**
     * The bootstrap module's class files, jarred as the build jars them (deflated), read back:
     * every class, byte for byte, in the jar's order.
     */
    @Test
    void readsEveryBootstrapClassBackByteForByte() throws Exception {
        Path classes = Path.of("..", "agent-bootstrap", "target", "classes").toAbsolutePath().normalize();
        java.util.LinkedHashMap<String, byte[]> expected = new java.util.LinkedHashMap<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out); var files = Files.walk(classes.resolve(PREFIX))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                byte[] b = Files.readAllBytes(f);
                put(jar, name, b, false);
                if (name.endsWith(".class")) {
                    expected.put(name.substring(0, name.length() - 6).replace('/', '.'), b);
                }
            }
        }
        Map<String, byte[]> read = NestedJar.classes(out.toByteArray(), PREFIX);
        assertTrue(expected.containsKey("io.leakguard.bootstrap.Tracker"), expected.keySet().toString());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()));
        expected.forEach((name, b) -> assertArrayEquals(b, read.get(name), name));
    }

    @Test
    void readsStoredAndDeflatedEntriesAndSkipsOthers() throws Exception {
        byte[] a = "first class file".getBytes();
        byte[] b = new byte[10_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 7);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            put(jar, "META-INF/x.txt", "not a class".getBytes(), false);
            put(jar, PREFIX + "A.class", a, true);
            put(jar, PREFIX + "sub/B.class", b, false);
            put(jar, "other/C.class", a, false);
        }
        Map<String, byte[]> read = NestedJar.classes(out.toByteArray(), PREFIX);
        assertEquals(List.of("io.leakguard.bootstrap.A", "io.leakguard.bootstrap.sub.B"), List.copyOf(read.keySet()));
        assertArrayEquals(a, read.get("io.leakguard.bootstrap.A"));
        assertArrayEquals(b, read.get("io.leakguard.bootstrap.sub.B"));
    }

    @Test
    void aDamagedJarIsAnIOException() {
        assertThrows(IOException.class, () -> NestedJar.classes(new byte[100], PREFIX));
        assertThrows(IOException.class, () -> NestedJar.classes(new byte[0], PREFIX));
    }

    /** A class file whose bytes were damaged after the jar was written fails its CRC check. */
    @Test
    void aDamagedEntryFailsItsCrcCheck() throws Exception {
        byte[] a = "a class file, stored as it is".getBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            put(jar, PREFIX + "A.class", a, true);
        }
        byte[] bytes = out.toByteArray();
        byte[] damaged = bytes.clone();
        for (int i = 0; i + a.length <= damaged.length; i++) {
            if (java.util.Arrays.equals(damaged, i, i + a.length, a, 0, a.length)) {
                damaged[i + 3] ^= 1;
                break;
            }
        }
        assertEquals(1, NestedJar.classes(bytes, PREFIX).size());
        IOException e = assertThrows(IOException.class, () -> NestedJar.classes(damaged, PREFIX));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    private static void put(JarOutputStream jar, String name, byte[] data, boolean stored) throws IOException {
        JarEntry e = new JarEntry(name);
        if (stored) {
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
        }
        jar.putNextEntry(e);
        jar.write(data);
        jar.closeEntry();
    }
}

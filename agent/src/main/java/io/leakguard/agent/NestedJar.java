package io.leakguard.agent;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Reads the class files of the nested bootstrap jar straight from its central directory: each
 * entry inflated once into an array of its exact size. {@code JarInputStream} took 5-11 ms of
 * premain for the same ~100 entries (its per-entry header parsing and buffer growing run
 * interpreted at that point). Each entry's CRC-32 is still checked (natively: a fraction of a
 * millisecond for all of them), so a damaged agent jar fails here, as it did. Plain zip only (no
 * zip64, no encryption): the build writes this jar.
 */
final class NestedJar {
    private static final int EOCD = 0x06054b50;
    private static final int CEN = 0x02014b50;
    private static final int LOC = 0x04034b50;

    private NestedJar() {
    }

    /** The class files whose entry names start with {@code prefix}, by binary name, in the jar's order. */
    static Map<String, byte[]> classes(byte[] jar, String prefix) throws IOException {
        try {
            return read(jar, prefix);
        } catch (IndexOutOfBoundsException | DataFormatException e) {
            throw new IOException("damaged nested jar", e);
        }
    }

    private static Map<String, byte[]> read(byte[] jar, String prefix) throws IOException, DataFormatException {
        int eocd = -1;
        // The end record is the last 22 bytes plus a comment of at most 64 KiB.
        for (int i = jar.length - 22; i >= Math.max(0, jar.length - 22 - 0xFFFF); i--) {
            if (int32(jar, i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new IOException("nested jar has no end record");
        }
        int entries = int16(jar, eocd + 10);
        int at = int32(jar, eocd + 16);
        Map<String, byte[]> out = new LinkedHashMap<>();
        Inflater inflater = new Inflater(true);
        CRC32 check = new CRC32();
        try {
            for (int n = 0; n < entries; n++) {
                if (int32(jar, at) != CEN) {
                    throw new IOException("nested jar: bad central directory entry " + n);
                }
                int method = int16(jar, at + 10);
                long crc = int32(jar, at + 16) & 0xFFFFFFFFL;
                int compressed = int32(jar, at + 20);
                int size = int32(jar, at + 24);
                int nameLength = int16(jar, at + 28);
                int extraLength = int16(jar, at + 30);
                int commentLength = int16(jar, at + 32);
                int local = int32(jar, at + 42);
                String name = new String(jar, at + 46, nameLength, java.nio.charset.StandardCharsets.UTF_8);
                at += 46 + nameLength + extraLength + commentLength;
                if (!name.startsWith(prefix) || !name.endsWith(".class")) {
                    continue;
                }
                if (int32(jar, local) != LOC) {
                    throw new IOException("nested jar: bad local header for " + name);
                }
                if (size < 0 || compressed < 0) {
                    throw new IOException("nested jar: " + name + " is too large (zip64)");
                }
                int data = local + 30 + int16(jar, local + 26) + int16(jar, local + 28);
                byte[] classFile = new byte[size];
                if (method == ZipEntry.STORED) {
                    System.arraycopy(jar, data, classFile, 0, size);
                } else if (method == ZipEntry.DEFLATED) {
                    inflater.reset();
                    inflater.setInput(jar, data, compressed);
                    if (inflater.inflate(classFile) != size || !inflater.finished()) {
                        throw new IOException("nested jar: " + name + " does not inflate to its size");
                    }
                } else {
                    throw new IOException("nested jar: " + name + " is stored with method " + method);
                }
                check.reset();
                check.update(classFile);
                if (check.getValue() != crc) {
                    throw new IOException("nested jar: " + name + " fails its CRC check");
                }
                out.put(name.substring(0, name.length() - 6).replace('/', '.'), classFile);
            }
        } finally {
            inflater.end();
        }
        return out;
    }

    private static int int16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int int32(byte[] b, int i) {
        return int16(b, i) | int16(b, i + 2) << 16;
    }
}

package io.leakguard.agent.instrument;

/**
 * What a class file's constant pool names, read in one pass over the pool (not the code): whether
 * it names {@code loadClass}, one of the file classes ci mode marks the construction of, and
 * whether it names a method close or abort, whether any of its strings mentions a JDBC type
 * ({@code java/sql/...}, {@code javax/sql/...}: in a class name, a descriptor or a generic
 * signature). This is the test every application class that loads goes through, so it reads
 * bytes only: no parsing into objects, no allocation.
 */
final class ConstantPoolScan {
    static final int LOAD_CLASS = 1;
    static final int JDBC = 2;
    /** Names a file class whose constructor ci mode marks (see CallSiteMarks). */
    static final int FILE = 4;
    /**
     * Names a method {@code close} or {@code abort}: a subclass of a JDBC implementation that
     * overrides its release without naming a JDBC type anywhere (a test double's close()).
     */
    static final int RELEASE = 8;
    /** Not a class file this scan understands (a newer constant kind): treat as naming everything. */
    static final int UNKNOWN = LOAD_CLASS | JDBC | FILE | RELEASE;

    private ConstantPoolScan() {
    }

    static int scan(byte[] b) {
        try {
            int count = u2(b, 8);
            int p = 10;
            int found = 0;
            for (int i = 1; i < count; i++) {
                int tag = b[p];
                switch (tag) {
                    case 1: // Utf8
                        int len = u2(b, p + 1);
                        found |= utf8(b, p + 3, len);
                        p += 3 + len;
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        p += 5;
                        break;
                    case 5: case 6: // long, double: two entries
                        p += 9;
                        i++;
                        break;
                    case 7: case 8: case 16: case 19: case 20:
                        p += 3;
                        break;
                    case 15:
                        p += 4;
                        break;
                    default:
                        return UNKNOWN;
                }
                if (found == UNKNOWN) {
                    return found;
                }
            }
            return found;
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return UNKNOWN;
        }
    }

    private static int utf8(byte[] b, int start, int len) {
        if (len == 9 && b[start] == 'l' && b[start + 4] == 'C' && equals(b, start, "loadClass")) {
            return LOAD_CLASS;
        }
        if (len == 5 && (equals(b, start, "close") || equals(b, start, "abort"))) {
            return RELEASE;
        }
        if ((len == 18 || len == 23 || len == 24) && b[start] == 'j' && b[start + 5] == 'i' && b[start + 7] == '/'
                && isFileClass(b, start, len)) {
            return FILE;
        }
        // "sql/" preceded by "java/" or "javax/": look for the rare 'q' only.
        for (int i = start + 5, end = start + len - 2; i < end; i++) {
            if (b[i] == 'q' && b[i - 1] == 's' && b[i + 1] == 'l' && b[i + 2] == '/'
                    && (endsWith(b, i - 1, "java/") || endsWith(b, i - 1, "javax/"))) {
                return JDBC;
            }
        }
        return 0;
    }

    private static boolean isFileClass(byte[] b, int start, int len) {
        switch (len) {
            case 23:
                return equals(b, start, "java/io/FileInputStream");
            case 24:
                return equals(b, start, "java/io/FileOutputStream") || equals(b, start, "java/io/RandomAccessFile");
            default:
                return equals(b, start, "java/io/FileReader") || equals(b, start, "java/io/FileWriter");
        }
    }

    private static boolean equals(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes just before {@code end} are {@code s}. */
    private static boolean endsWith(byte[] b, int end, String s) {
        int at = end - s.length();
        return at >= 0 && equals(b, at, s);
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}

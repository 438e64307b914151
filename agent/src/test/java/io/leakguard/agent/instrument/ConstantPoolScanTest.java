package io.leakguard.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The one-pass constant-pool test, on real class files of the running JDK. */
class ConstantPoolScanTest {
    private static int scan(String internalName) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return ConstantPoolScan.scan(in.readAllBytes());
        }
    }

    @Test
    void aClassTypedByJdbcNamesJdbc() throws Exception {
        assertEquals(ConstantPoolScan.JDBC, scan("java/sql/DriverManager") & ConstantPoolScan.JDBC);
        assertEquals(ConstantPoolScan.JDBC, scan("javax/sql/rowset/BaseRowSet") & ConstantPoolScan.JDBC);
    }

    @Test
    void aLoaderNamesLoadClass() throws Exception {
        assertEquals(ConstantPoolScan.LOAD_CLASS, scan("java/lang/ClassLoader") & ConstantPoolScan.LOAD_CLASS);
    }

    @Test
    void aMethodNamedCloseOrAbortIsARelease() throws Exception {
        assertEquals(ConstantPoolScan.RELEASE, ConstantPoolScan.scan(oneUtf8("close")));
        assertEquals(ConstantPoolScan.RELEASE, ConstantPoolScan.scan(oneUtf8("abort")));
        assertEquals(0, ConstantPoolScan.scan(oneUtf8("closed")));
        assertEquals(ConstantPoolScan.RELEASE, scan("java/io/FileInputStream") & ConstantPoolScan.RELEASE);
    }

    @Test
    void anOrdinaryClassNamesNeither() throws Exception {
        assertEquals(0, scan("java/lang/String"));
        assertEquals(0, scan("java/util/HashMap"));
    }

    /**
     * The scan answers exactly what a plain substring search of every constant-pool string
     * answers, on every class of five JDBC drivers and pools (hundreds name JDBC types, more do
     * not) and on strings built to put "sql/" at several offsets. (A Horspool search that looked
     * at one byte in four was tried against it: right, and slower, 54 against 45 ms for 20,423
     * classes warm, so the plain loop stayed.)
     */
    @Test
    void theScanAnswersWhatASubstringSearchAnswers() throws Exception {
        int classes = 0;
        int jdbc = 0;
        for (Class<?> inJar : new Class<?>[] {org.h2.Driver.class, com.zaxxer.hikari.HikariDataSource.class,
            org.apache.commons.dbcp2.BasicDataSource.class, org.postgresql.Driver.class, org.mariadb.jdbc.Driver.class}) {
            java.nio.file.Path jar = java.nio.file.Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(j.entries())) {
                    if (!e.getName().endsWith(".class")) {
                        continue;
                    }
                    byte[] b;
                    try (InputStream in = j.getInputStream(e)) {
                        b = in.readAllBytes();
                    }
                    int expected = byteByByte(b);
                    assertEquals(expected, ConstantPoolScan.scan(b) & ConstantPoolScan.JDBC, e.getName());
                    classes++;
                    jdbc += expected != 0 ? 1 : 0;
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(classes > 1500 && jdbc > 300, classes + " classes, " + jdbc + " JDBC");
        for (String prefix : new String[] {"", "x", "xy", "xyz", "Lq", "(sql/", "ssql/", "sqsql/"}) {
            for (String root : new String[] {"java/sql/Connection", "javax/sql/DataSource", "java/sq/x", "jav/sql/x"}) {
                byte[] one = oneUtf8(prefix + root);
                assertEquals(byteByByte(one), ConstantPoolScan.scan(one) & ConstantPoolScan.JDBC, prefix + root);
            }
        }
    }

    /** The constant pool's strings searched byte by byte for "java/sql/" or "javax/sql/" (the oracle). */
    private static int byteByByte(byte[] b) {
        int count = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[p];
            if (tag == 1) {
                int len = ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
                String s = new String(b, p + 3, len, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (s.contains("java/sql/") || s.contains("javax/sql/")) {
                    return ConstantPoolScan.JDBC;
                }
                p += 3 + len;
            } else if (tag == 5 || tag == 6) {
                p += 9;
                i++;
            } else if (tag == 7 || tag == 8 || tag == 16 || tag == 19 || tag == 20) {
                p += 3;
            } else if (tag == 15) {
                p += 4;
            } else {
                p += 5;
            }
        }
        return 0;
    }

    /** A class file header with a constant pool of one string. */
    private static byte[] oneUtf8(String s) {
        byte[] u = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] b = new byte[13 + u.length];
        b[0] = (byte) 0xca;
        b[1] = (byte) 0xfe;
        b[7] = 61;
        b[9] = 2; // count: one entry
        b[10] = 1;
        b[11] = (byte) (u.length >> 8);
        b[12] = (byte) u.length;
        System.arraycopy(u, 0, b, 13, u.length);
        return b;
    }

    @Test
    void aDamagedClassFileCountsAsNamingEverything() {
        assertEquals(ConstantPoolScan.UNKNOWN, ConstantPoolScan.scan(new byte[] {(byte) 0xca, (byte) 0xfe, 0, 0, 0, 61, 0, 9, 1}));
    }
}

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
    void anOrdinaryClassNamesNeither() throws Exception {
        assertEquals(0, scan("java/lang/String"));
        assertEquals(0, scan("java/util/HashMap"));
    }

    @Test
    void aDamagedClassFileCountsAsNamingEverything() {
        assertEquals(ConstantPoolScan.UNKNOWN, ConstantPoolScan.scan(new byte[] {(byte) 0xca, (byte) 0xfe, 0, 0, 0, 61, 0, 9, 1}));
    }
}

package org.apache.commons.dbcp2.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * A library's own test suite lives in the library's package (here Apache DBCP2's, which
 * leakguard skips when it looks for the application's line). Its classes come from the build's
 * own output directory, not from the library's jar: they are the application, and a leak is
 * named at the test's line, not at JUnit's reflection frames (nor missed).
 */
class PoolsOwnSuiteTest {
    private static final boolean FIXED = Boolean.getBoolean("leaks.fixed");

    @Test
    void leaksAConnection() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:own", "sa", "");  // LEAK: own-suite
        assertTrue(c.isValid(1));
        if (FIXED) {
            c.close();
        }
    }

    @Test
    void closesItsConnection() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:own", "sa", "")) {
            assertTrue(c.isValid(1));
        }
    }
}

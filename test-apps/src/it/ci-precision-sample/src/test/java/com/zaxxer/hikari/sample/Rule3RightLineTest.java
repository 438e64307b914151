package com.zaxxer.hikari.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import precision.AuditedFile;
import precision.Data;

/**
 * Rule 3, the right line. This class lives in HikariCP's package (as a pool's own suite does,
 * or a company's under a framework's prefix): it is loaded from the build's output directory,
 * so it is the application. A subclass's constructor is part of the acquisition: the site is the
 * line with `new`. Framework and reflection frames are never a site.
 */
class Rule3RightLineTest {
    private static HikariDataSource pool;

    @BeforeAll
    static void open() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:rule3;DB_CLOSE_DELAY=-1");
        c.setUsername("sa");
        c.setPassword("");
        c.setMaximumPoolSize(2);
        pool = new HikariDataSource(c);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void mustFailFileInALibrarysPackage() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        assertEquals('d', in.read());
    }

    @Test
    void mustFailBorrowInALibrarysPackage() throws Exception {
        Connection c = pool.getConnection();                                  // leak: site
        assertTrue(c.isValid(1));
    }

    @Test
    void mustFailDriverConnectionInALibrarysPackage() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:rule3", "sa", ""); // leak: site
        assertTrue(c.isValid(1));
    }

    @Test
    void mustFailSubclassOfAResourceType() throws Exception {
        RandomAccessFile f = new AuditedFile(Data.file());                    // leak: site
        assertEquals('d', f.read());
    }

    @Test
    void mustPassSubclassClosed() throws Exception {
        try (RandomAccessFile f = new AuditedFile(Data.file())) {
            assertEquals('d', f.read());
        }
    }

    @Test
    void mustPassBorrowReturned() throws Exception {
        try (Connection c = pool.getConnection()) {
            assertTrue(c.isValid(1));
        }
    }
}

package precision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Scanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 10, a stack per acquisition even where stacks are shared (ci.stacks=shared, the default):
 * acquisitions at the same line of a test method share one trace, and the leak among them is
 * still named at that line; a helper the test calls from several lines never shares, so the
 * failure's stack shows the caller that leaked, not the first caller.
 */
class Rule10SharedStacksTest {
    private static HikariDataSource pool;

    @BeforeAll
    static void open() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:rule10;DB_CLOSE_DELAY=-1");
        c.setUsername("sa");
        c.setPassword("");
        c.setMaximumPoolSize(4);
        pool = new HikariDataSource(c);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private static Connection borrow() throws SQLException {
        return pool.getConnection();
    }

    @Test
    void mustFailTheLastOfManyBorrowsAtOneLine() throws Exception {
        for (int i = 0; i < 50; i++) {
            Connection c = pool.getConnection();                              // leak: site
            assertTrue(c.isValid(1));
            if (i < 49) {
                c.close();
            }
        }
    }

    @Test
    void mustPassManyBorrowsAtOneLineAllClosed() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("select 1");
                 ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void mustFailAtTheCallerThatLeaked() throws Exception {
        for (int i = 0; i < 3; i++) {
            borrow().close();
        }
        Connection c = borrow();                                              // leak: stack
        assertTrue(c.isValid(1));
    }

    /**
     * A shared site whose last open throws (a missing file) leaves no mark behind: the file the
     * JDK's Scanner opens next, for the test, is named at the Scanner's line, not the loop's.
     */
    @Test
    void mustFailAtTheScannersLineAfterAFailedOpenAtASharedLine() throws Exception {
        File missing = new File(Data.file().getParentFile(), "rule10-no-such-file");
        for (int i = 0; i < 4; i++) {
            try {
                new FileInputStream(i < 3 ? Data.file() : missing).close();
            } catch (FileNotFoundException expected) {
                assertTrue(i == 3);
            }
        }
        Scanner s = new Scanner(Data.file());                                 // leak: site
        assertTrue(s.hasNext());
    }
}

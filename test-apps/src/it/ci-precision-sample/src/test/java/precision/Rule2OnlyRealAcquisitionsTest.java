package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 2, only real acquisitions count: inside a transaction, a managed DataSource's
 * getConnection() hands back the transaction's connection; that borrows and opens nothing.
 */
class Rule2OnlyRealAcquisitionsTest {
    private static final ToyManagedDataSource DS = new ToyManagedDataSource("jdbc:h2:mem:rule2;DB_CLOSE_DELAY=-1");

    @BeforeEach
    void begin() throws Exception {
        DS.begin();
    }

    @AfterEach
    void end() throws Exception {
        DS.commitAndEnd();
    }

    @Test
    void mustPassTheTransactionsConnectionHandedBackTwice() throws Exception {
        try (Connection c = DS.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists t(x int)");
            st.execute("insert into t values (1)");
        }
        Connection again = DS.getConnection();
        assertSame(again, DS.getConnection());
        try (Statement st = again.createStatement(); ResultSet rs = st.executeQuery("select count(*) from t")) {
            assertTrue(rs.next());
        }
        again.close();
    }

    @Test
    void mustFailAConnectionOpenedOutsideTheTransaction() throws Exception {
        ToyManagedDataSource other = new ToyManagedDataSource("jdbc:h2:mem:rule2b");
        Connection c = other.getConnection();                                 // leak: site
        assertEquals(true, c.getAutoCommit());
    }
}

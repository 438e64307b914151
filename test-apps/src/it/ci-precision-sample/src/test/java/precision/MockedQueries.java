package precision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Code under test, outside the test class: what it takes from a mock and never closes is its leak. */
final class MockedQueries {
    private MockedQueries() {
    }

    static void prepareAndForget(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement("select 1");
        ps.setInt(1, 1);
    }
}

package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Holds connections one after another until one is refused; prints what the refusal said. */
public final class QuotaApp {
    private QuotaApp() {
    }

    public static void main(String[] args) throws Exception {
        DataSource pool = Databases.pool(args.length > 0 ? args[0] : "hikari", "h2", 8);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                held.add(pool.getConnection());                              // LEAK: held
            }
            System.out.println("QuotaApp: no refusal, holding " + held.size());
        } catch (SQLException e) {
            System.out.println("QuotaApp: refused after " + held.size() + ": " + e.getClass().getName() + ": "
                    + e.getMessage());
        }
        for (Connection c : held) {
            c.close();
        }
        // Back under the quota: a new connection is granted again.
        try (Connection c = pool.getConnection()) {
            System.out.println("QuotaApp: after release, granted " + (c != null));
        }
        Databases.close(pool);
    }
}

package io.leakguard.apps.jdbc;

import java.sql.Connection;
import javax.sql.DataSource;

/** Leaks one connection borrowed through a wrapper DataSource around a pool: one leak, not two. */
public final class WrappedPoolLeak {
    private WrappedPoolLeak() {
    }

    public static void main(String[] args) throws Exception {
        DataSource pool = Databases.pool(args.length > 0 ? args[0] : "hikari", "h2", 4);
        DataSource wrapped = new WrappingDataSource(pool);
        Connection leaked = wrapped.getConnection();                         // LEAK: wrapped
        try (Connection fine = wrapped.getConnection()) {
            fine.isValid(1);
        }
        System.out.println("WrappedPoolLeak: holding " + (leaked != null ? 1 : 0));
    }
}

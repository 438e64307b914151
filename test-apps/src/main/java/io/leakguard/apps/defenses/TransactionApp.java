package io.leakguard.apps.defenses;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leakguard.apps.jdbc.Databases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Transactions left open on PostgreSQL, each until the agent reports it (polled through its
 * MBean, 30 s at most), then ended:
 * <ul>
 * <li>{@code long}: autocommit off, a statement every 50 ms: a transaction that is busy and long;</li>
 * <li>{@code idle}: autocommit off, one statement, then nothing: idle in transaction;</li>
 * <li>{@code pool-default}: a pool whose connections start with autocommit off, which the
 *     application never sets; beside it, a connection in autocommit mode held as long, which is
 *     no transaction.</li>
 * </ul>
 */
public final class TransactionApp {
    private TransactionApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        try (HikariDataSource pool = (HikariDataSource) Databases.pool("hikari", "postgres", 3)) {
            try (Connection c = pool.getConnection(); Statement setup = c.createStatement()) {
                setup.execute("create table if not exists leakguard_tx (id int primary key, n int)");
                setup.execute("insert into leakguard_tx values (1, 0) on conflict (id) do nothing");
            }
            switch (mode) {
                case "long":
                    busy(pool);
                    break;
                case "idle":
                    idle(pool);
                    break;
                case "pool-default":
                    poolDefault(pool);
                    break;
                default:
                    throw new IllegalArgumentException(mode);
            }
        }
    }

    private static void busy(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement update = c.prepareStatement("update leakguard_tx set n = n + 1 where id = 1")) {
            c.setAutoCommit(false);
            update.executeUpdate();                                          // LEAK: busy-start
            long deadline = System.nanoTime() + 30_000_000_000L;
            boolean reported = false;
            while (!reported && System.nanoTime() < deadline) {
                update.executeUpdate();
                Thread.sleep(50);
                reported = AgentView.findings().contains("[long-transaction]");
            }
            c.commit();
            System.out.println("TransactionApp: long transaction reported " + reported);
        }
    }

    private static void idle(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("update leakguard_tx set n = n + 1 where id = 1")) {
                update.executeUpdate();                                      // LEAK: idle-start
            }
            boolean reported = AgentView.awaitFinding("[idle-in-transaction]", 30_000);
            c.rollback();
            System.out.println("TransactionApp: idle transaction reported " + reported);
        }
    }

    private static void poolDefault(HikariDataSource autoCommitPool) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(Databases.url("postgres"));
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(2);
        cfg.setPoolName("tx-off-pool");
        try (HikariDataSource offPool = new HikariDataSource(cfg);
             Connection auto = autoCommitPool.getConnection();
             Connection off = offPool.getConnection();
             PreparedStatement inAuto = auto.prepareStatement("select n from leakguard_tx where id = 1");
             PreparedStatement inOff = off.prepareStatement("update leakguard_tx set n = n + 1 where id = 1")) { // LEAK: default-off
            inAuto.executeQuery().close();                                   // LEAK: autocommit
            inOff.executeUpdate();
            boolean reported = AgentView.awaitFinding("[long-transaction]", 30_000);
            // Two more scans: the autocommit connection is as old and must still not be reported.
            Thread.sleep(600);
            off.rollback();
            System.out.println("TransactionApp: pool-default transaction reported " + reported);
        }
    }
}

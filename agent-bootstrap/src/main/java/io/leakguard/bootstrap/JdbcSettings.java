package io.leakguard.bootstrap;

/** The jdbc.* options for {@link JdbcPolicy#configure}; read once, at configure time. */
public final class JdbcSettings {
    /** mode=enforce: the query timeout and the quotas apply. */
    public boolean enforce;
    /** jdbc.query-timeout, in whole seconds (JDBC's unit), for statements the application gave none; 0 = none. */
    public int queryTimeoutSeconds;
    /** jdbc.max-connections; 0 = no quota. */
    public int maxConnections;
    /** jdbc.max-connections-per-user; 0 = no quota. */
    public int maxConnectionsPerUser;
    /** jdbc.capture-sql: statements and result sets carry the SQL text the application gave. */
    public boolean captureSql;
    /** quota.wait in milliseconds: how long a connection waits in line at a full quota; 0 = refuse at once. */
    public long quotaWaitMillis;
    /** jdbc.tx-warn or jdbc.tx-idle-warn is on: an explicit transaction's first execute has its line walked. */
    public boolean transactionSites;
}

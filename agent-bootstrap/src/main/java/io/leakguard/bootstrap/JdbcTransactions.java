package io.leakguard.bootstrap;

/**
 * Where a connection's transaction started and when, for the long-transaction and
 * idle-in-transaction findings (jdbc.tx-warn, jdbc.tx-idle-warn). The hot path marks the start
 * (the first statement executed after acquisition, setAutoCommit(false), commit() or rollback(),
 * with the clock read statement tracking already does); the boundaries clear it
 * ({@link JdbcTracker}); the scanner reads it through the public methods here and judges.
 *
 * <p>The line: when the application set autocommit off on the handle (an explicit transaction),
 * the execute's own line, found by one stack walk per transaction (rationed by site.budget like
 * every walk). Otherwise (autocommit as the pool or driver left it, on for most: a statement per
 * borrow starts a "transaction" that commits itself) no walk is paid on every borrow: the line is
 * where that statement was created or prepared, its record's own site.
 */
public final class JdbcTransactions {
    /** jdbc.tx-warn or jdbc.tx-idle-warn is on: explicit transactions get their execute's line walked. */
    static volatile boolean walkSites;

    /** What the application set on the handle: off (the transaction is known), on, or never set (ask the driver). */
    public static final int AUTOCOMMIT_UNKNOWN = 0;
    public static final int AUTOCOMMIT_ON = 1;
    public static final int AUTOCOMMIT_OFF = 2;

    private JdbcTransactions() {
    }

    /** A statement's execute started a transaction on conn (its first since the last boundary). */
    static void started(ThreadState g, JdbcRecord conn, JdbcRecord statement, Object first, long now) {
        conn.txStatement = statement;
        String sql = null;
        if (JdbcPolicy.captureSql) {
            sql = first instanceof String ? (String) first
                    : statement.description instanceof JdbcChild ? ((JdbcChild) statement.description).sql : null;
        }
        conn.txSql = sql;
        Site site = null;
        if (conn.autoCommit == AUTOCOMMIT_OFF && walkSites && g.depth == 0) {
            g.depth++;
            try {
                site = Acquisitions.sampledSite(g, now, false, false);
            } finally {
                g.depth--;
            }
            if (site == SiteCapture.UNSAMPLED) {
                site = null;
            }
        }
        conn.txSite = site;
        conn.txStartNanos = now == 0 ? 1 : now;
    }

    /** A boundary (commit, rollback, autocommit switched): the next statement starts the next transaction. */
    static void ended(JdbcRecord conn) {
        if (conn.txStartNanos != 0) {
            conn.txStartNanos = 0;
            conn.txStatement = null;
            conn.txSite = null;
            conn.txSql = null;
        }
    }

    private static JdbcRecord connection(Record r) {
        return r instanceof JdbcRecord && ((JdbcRecord) r).parent == null && !(r.description instanceof JdbcChild)
                ? (JdbcRecord) r : null;
    }

    /** Clock.now() at the start of the connection's current transaction, or 0 (none, or not a connection). */
    public static long startedAtNanos(Record r) {
        JdbcRecord c = connection(r);
        return c == null ? 0 : c.txStartNanos;
    }

    /** Autocommit as the application set it on this handle: one of the AUTOCOMMIT_ constants. */
    public static int autoCommit(Record r) {
        JdbcRecord c = connection(r);
        return c == null ? AUTOCOMMIT_ON : c.autoCommit;
    }

    /** The last statement created or executed on the connection (enforce mode: any call on it), Clock.now(); 0 = never. */
    public static long lastStatementNanos(Record r) {
        JdbcRecord c = connection(r);
        return c == null ? 0 : c.lastUsedNanos;
    }

    /** Where the transaction started: the execute's line, or the statement's own site. Read after startedAtNanos. */
    public static Site site(Record r) {
        JdbcRecord c = connection(r);
        if (c == null) {
            return SiteCapture.UNSAMPLED;
        }
        Site s = c.txSite;
        if (s != null) {
            return s;
        }
        JdbcRecord st = c.txStatement;
        return st != null ? st.site() : SiteCapture.UNSAMPLED;
    }

    /** The stack of that line. */
    public static String[] stack(Record r) {
        JdbcRecord c = connection(r);
        if (c == null) {
            return new String[0];
        }
        Site s = c.txSite;
        if (s != null) {
            return s.stack;
        }
        JdbcRecord st = c.txStatement;
        return st != null ? st.stackLines() : new String[0];
    }

    /** The thread that created the statement whose execute started the transaction (the connection's, if unknown). */
    public static String thread(Record r) {
        JdbcRecord c = connection(r);
        JdbcRecord st = c == null ? null : c.txStatement;
        return st != null ? st.threadName : r.threadName;
    }

    /** jdbc.capture-sql: the SQL of the first statement, shortened; null otherwise. */
    public static String sql(Record r) {
        JdbcRecord c = connection(r);
        String s = c == null ? null : c.txSql;
        return s == null ? null : JdbcChild.shorten(s);
    }
}

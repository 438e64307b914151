package io.leakguard.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforce mode for JDBC: the default query timeout, connection quotas, and the registry of
 * reclaimed handles. Everything here is off (one volatile read) unless enforce mode set it.
 */
public final class JdbcPolicy {
    static volatile boolean enforce;
    static volatile int queryTimeoutSeconds;
    static volatile int maxConnections;
    static volatile int maxConnectionsPerUser;

    /**
     * Open application connections, counted only once a connection quota has been configured
     * ({@link #counting}), and per database user/URL (or DataSource) with per-user quotas.
     */
    static final AtomicInteger OPEN = new AtomicInteger();
    /**
     * Whether OPEN counts: from the first configuration with a connection quota on, for good.
     * Until then a borrow pays no atomic counter (no quota is the default); a quota set live
     * counts the connections already open from the record table ({@link #startCounting}).
     */
    private static volatile boolean counting;
    /** JdbcRecord.counted: 0 not counted, 1 counted in OPEN, 2 closed (never counted after). */
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<JdbcRecord> COUNTED =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(JdbcRecord.class, "counted");
    static final ConcurrentHashMap<Object, AtomicInteger> OPEN_PER_KEY = new ConcurrentHashMap<>();

    /** Handles leakguard reclaimed: any later use fails with a message saying so. */
    static final RecordTable RECLAIMED = new RecordTable();
    static volatile boolean anyReclaimed;
    /**
     * Enforce mode with connection reclaim on: every call on a connection or its statements,
     * and the close of a statement or result set, marks the connection used, so only a
     * connection nobody touched for leak.critical is ever reclaimed (one with an open result
     * set never is). Off: one volatile read per call.
     */
    static volatile boolean trackUse;

    private JdbcPolicy() {
    }

    /** jdbc.capture-sql: statements and result sets carry the SQL text the application gave. */
    static volatile boolean captureSql;

    public static void configure(JdbcSettings s) {
        queryTimeoutSeconds = s.queryTimeoutSeconds;
        maxConnections = s.maxConnections;
        maxConnectionsPerUser = s.maxConnectionsPerUser;
        captureSql = s.captureSql;
        if (s.maxConnections > 0 || s.maxConnectionsPerUser > 0) {
            startCounting();
        }
        QUEUE.waitMillis(s.quotaWaitMillis);
        JdbcTransactions.walkSites = s.transactionSites;
        enforce = s.enforce;
    }

    public static void trackUse(boolean on) {
        trackUse = on;
    }

    public static boolean tracksUse() {
        return trackUse;
    }

    /** What is known of a connection's transaction: none, one may be open, or ask the driver. */
    public static final int NO_TRANSACTION = 0;
    public static final int IN_TRANSACTION = 1;
    public static final int ASK_AUTOCOMMIT = 2;

    /**
     * Whether a transaction may be in progress on this connection. Known cheaply: statements
     * executed since acquisition or the last commit/rollback/setAutoCommit(true) ("work"), and
     * autocommit as the application set it on this handle. Work with autocommit off is a
     * transaction; work with autocommit never set on the handle (a pool's default) needs the
     * driver's getAutoCommit(), asked by the caller; no work is no transaction.
     */
    public static int transaction(Record connection) {
        if (!(connection instanceof JdbcRecord)) {
            return NO_TRANSACTION;
        }
        JdbcRecord c = (JdbcRecord) connection;
        if (!c.work || c.autoCommit == 1) {
            return NO_TRANSACTION;
        }
        return c.autoCommit == 2 ? IN_TRANSACTION : ASK_AUTOCOMMIT;
    }

    /** Milliseconds since the connection was acquired or last used (see JdbcRecord.lastUsedNanos). */
    public static long idleMillis(Record connection, long nowNanos) {
        long since = connection.acquiredAtNanos;
        if (connection instanceof JdbcRecord) {
            long used = ((JdbcRecord) connection).lastUsedNanos;
            if (used != 0 && used - since > 0) {
                since = used;
            }
        }
        return Math.max(0, (nowNanos - since) / 1_000_000L);
    }

    /** The connection a statement or result set belongs to (itself for a connection). */
    public static Record connectionOf(Record r) {
        Record c = r;
        for (Record p = c.parent(); p != null; p = p.parent()) {
            c = p;
        }
        return c;
    }

    /** The quota key of a connection acquisition: the DataSource, or url + user for a driver. */
    static Object quotaKey(Object dataSource, Object url, Object user) {
        if (dataSource != null) {
            return user == null ? dataSource : dataSource.getClass().getName() + "@"
                    + System.identityHashCode(dataSource) + " user " + user;
        }
        // Only what Redact keeps: the key is shown in a refusal message.
        String u = user instanceof String ? Redact.safeUser((String) user) : null;
        if (u == null && user == null) {
            u = Redact.user(String.valueOf(url));
        }
        return Redact.url(String.valueOf(url)) + (u != null ? " user " + u
                : user != null ? " user #" + Integer.toHexString(user.hashCode()) : "");
    }

    /**
     * Called before a connection is acquired (outermost, on the acquiring thread); the refusal
     * message, or null to go ahead. Pressure refuses at once; a full quota waits in line first
     * when quota.wait is on ({@link QuotaQueue}).
     */
    static String checkQuota(ThreadState g, Object key) {
        // Connection pressure is measured against jdbc.max-connections: critical at 95 % of it. With
        // quota.wait on, its at-once refusal would keep every borrow from ever reaching the line at
        // the full quota, so the line decides alone (the levels, the dump and reclaim still apply).
        if (!QUEUE.waits()) {
            String pressure = Pressure.jdbcRefusal();
            if (pressure != null) {
                return pressure;
            }
        }
        return QUEUE.admit(g, key, null);
    }

    /** The JDBC line of quota.wait. */
    static final QuotaQueue QUEUE = new QuotaQueue("jdbc", new ConnectionQuotas());

    /** jdbc.max-connections and jdbc.max-connections-per-user, as the line asks them. No lambdas: see OpenRecords. */
    private static final class ConnectionQuotas implements QuotaQueue.Quotas {
        @Override
        public boolean full(Object key, int reservedTotal, int reservedForKey) {
            int max = maxConnections;
            if (max > 0 && OPEN.get() + reservedTotal >= max) {
                return true;
            }
            int perUser = maxConnectionsPerUser;
            if (perUser > 0 && key != null) {
                AtomicInteger n = OPEN_PER_KEY.get(key);
                return (n == null ? 0 : n.get()) + reservedForKey >= perUser;
            }
            return false;
        }

        @Override
        public String refusal(Object key) {
            int max = maxConnections;
            if (max > 0 && OPEN.get() >= max) {
                return "leakguard refused a JDBC connection: quota jdbc.max-connections=" + max + " reached ("
                        + OPEN.get() + " open). Top holders: " + topHolders(null);
            }
            int perUser = maxConnectionsPerUser;
            AtomicInteger n = key == null ? null : OPEN_PER_KEY.get(key);
            if (perUser > 0 && n != null && n.get() >= perUser) {
                return "leakguard refused a JDBC connection: quota jdbc.max-connections-per-user=" + perUser
                        + " reached for " + describeKey(key) + " (" + n.get() + " open). Top holders: "
                        + topHolders(key);
            }
            // Full only with the slots reserved for acquisitions under way (quota.wait).
            return "leakguard refused a JDBC connection: quota " + (max > 0 ? "jdbc.max-connections=" + max
                    : "jdbc.max-connections-per-user=" + perUser) + " reached with the connections being acquired ("
                    + OPEN.get() + " open). Top holders: " + topHolders(max > 0 ? null : key);
        }

        @Override
        public boolean holdsSlot(Object key, long threadId, int reservedTotal, Object except) {
            int max = maxConnections;
            boolean anyCounts = max > 0 && OPEN.get() + reservedTotal >= max;
            for (Record r : OpenRecords.snapshot()) {
                if (isApplicationConnection(r) && ((JdbcRecord) r).holderThreadId == threadId && r.get() != null
                        && (anyCounts || (key != null && key.equals(((JdbcRecord) r).quotaKey)))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean isApplicationConnection(Record r) {
        return r instanceof JdbcRecord && ((JdbcRecord) r).parent == null && !(r.description instanceof JdbcChild);
    }

    /** Application connections open now, and the jdbc.max-connections quota (0 = none): the pressure monitor's view. */
    public static int openConnections() {
        return OPEN.get();
    }

    public static int maxConnections() {
        return maxConnections;
    }

    private static String describeKey(Object key) {
        return key instanceof String ? (String) key : JdbcSource.fromDataSource(key, null).toString();
    }

    /**
     * OPEN counts from now on, with the application connections open now. Each record is counted
     * once whoever gets there first (this walk or its opened()), and never after its close: a
     * close that ran before the walk saw it leaves it at 2; one that runs after sees counting on
     * (the walk's stripe lock orders it) and takes back what the walk added.
     */
    static synchronized void startCounting() {
        if (counting) {
            return;
        }
        counting = true;
        for (Record r : OpenRecords.snapshot()) {
            if (isApplicationConnection(r) && COUNTED.compareAndSet((JdbcRecord) r, 0, 1)) {
                OPEN.incrementAndGet();
            }
        }
    }

    static void opened(JdbcRecord r, Object key) {
        r.quotaKey = key;
        r.holderThreadId = Thread.currentThread().getId();
        if (counting && COUNTED.compareAndSet(r, 0, 1)) {
            OPEN.incrementAndGet();
        }
        if (key != null) {
            OPEN_PER_KEY.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** @param byApplication closed (not collected, reclaimed or dropped) */
    static void closed(JdbcRecord r, boolean byApplication) {
        if (byApplication && r.parent != null && trackUse) {
            // Closing a statement or result set is a call on its connection: reclaim's idle time
            // starts here (result set reads are not hooked; an open one keeps its connection).
            ((JdbcRecord) connectionOf(r)).usedAt(Clock.now());
        }
        Object key = r.quotaKey;
        if (r.parent == null && !(r.description instanceof JdbcChild)) {
            if (counting && COUNTED.getAndSet(r, 2) == 1) {
                OPEN.decrementAndGet();
            }
            if (key != null) {
                AtomicInteger n = OPEN_PER_KEY.get(key);
                if (n != null) {
                    n.decrementAndGet();
                }
            }
            QUEUE.released();
        }
    }

    /** The top holding sites of the application connections counting against key (all, if null). */
    private static String topHolders(Object key) {
        return OpenRecords.topSites(r -> isApplicationConnection(r) && (key == null || key.equals(((JdbcRecord) r).quotaKey)));
    }

    /**
     * Takes a connection record out of the table for reclaim (unless a statement is executing
     * on it or it was closed meanwhile). True if the caller now owns the reclaim.
     */
    public static boolean takeForReclaim(Record r) {
        return !r.isExecuting() && OpenRecords.remove(r, OpenRecords.Cause.RECLAIMED);
    }

    /** Moves a record to the reclaimed registry; later use of its handle fails with a message. */
    static void markReclaimed(Record r) {
        RECLAIMED.add(r);
        anyReclaimed = true;
    }

    /** Null unless this handle was reclaimed; then the message its next use should fail with. */
    public static String reclaimedMessage(Object handle) {
        if (!anyReclaimed || handle == null) {
            return null;
        }
        try {
            Record r = RECLAIMED.find(handle);
            if (r == null) {
                return null;
            }
            return "leakguard reclaimed this connection: it was held past leak.critical without being closed. "
                    + "It was acquired at " + r.site().frame + " by thread " + r.threadName
                    + ". Close connections in a finally block or try-with-resources.";
        } catch (Throwable t) {
            AgentErrors.record("jdbc.reclaimed", t);
            return null;
        }
    }
}

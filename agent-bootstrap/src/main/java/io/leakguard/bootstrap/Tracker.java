package io.leakguard.bootstrap;

/**
 * The static entry points that advice calls. Each advice makes exactly one call here, with
 * primitive, String or Object arguments only, because advice is inlined into JDK classes that
 * see nothing but the boot class path.
 *
 * <p>Cost model: an acquisition is one guard check, a site capture and one insert into a striped
 * identity table; a release is one removal. The site capture is, in monitor mode, a bounded
 * StackWalker walk to the first application frame (sites are interned), rationed per thread by a
 * time budget; in ci mode a Throwable whose frames are only materialised if it is reported.
 * Everything else (ageing, GC-detected leaks, reports) happens on the agent's scanner thread.
 */
public final class Tracker {
    static {
        // Before any record exists: every way out of the table runs the policies' bookkeeping.
        OpenRecords.listen(new Bookkeeping());
    }

    /** Off until the agent has loaded a valid configuration. */
    private static volatile boolean active;
    /** ci mode: a full stack per acquisition instead of the first application frame. */
    private static volatile boolean fullStacks;

    /** Per-thread state: the re-entrancy depth, the JDBC call depth and the site-capture budget. */
    private static final class Guard {
        int depth;
        /**
         * How many JDBC acquisition methods (and pool internals) this thread is inside. Only the
         * outermost acquisition is the application's: a wrapper DataSource calling the pool,
         * a pool calling the driver, a proxy statement calling the driver's are all nested.
         */
        int jdbc;
        /** Nanoseconds of stack walking this thread may still spend (monitor mode). */
        long budget = BURST_NANOS;
        long lastNanos = Clock.now();
        /**
         * The record of the JDBC handle this thread last called (enforce mode, use tracking):
         * a loop over ResultSet.next() finds its record without a table lookup per call.
         */
        JdbcRecord usedRecord;
        /**
         * The handle this thread last called that is not tracked (a pool proxy's delegate, called
         * inside every proxy call): weakly held, so it is not kept alive; cleared on every JDBC
         * acquisition, in case a handle becomes tracked later.
         */
        java.lang.ref.WeakReference<Object> usedMiss;
    }

    /**
     * Monitor mode spends at most this share of a thread's time walking stacks (1/20 = 5 %),
     * with a burst of 50 ms: a program that opens a few thousand resources at once gets every
     * site; a hot loop opening resources as fast as it can gets a sample of them, which still
     * names any site that leaks repeatedly. ci mode always captures.
     */
    private static volatile long budgetDivisor = 20;
    private static final long BURST_NANOS = 50_000_000L;
    /**
     * The most one walk is charged. A walk costs microseconds; one that took longer was
     * descheduled (a loaded CI machine) or loaded StackWalker's classes on the thread's first
     * walk: charging that wall time would spend the whole burst on one walk and leave the sites
     * that follow unsampled, which made findings depend on the machine's load.
     */
    private static final long MAX_WALK_CHARGE_NANOS = 1_000_000L;

    private static final ThreadLocal<Guard> GUARD = new ThreadLocal<Guard>() {
        @Override
        protected Guard initialValue() {
            return new Guard();
        }
    };

    private Tracker() {
    }

    // ---- configuration (called by the agent once, before instrumenting) ----

    public static void configure(boolean fullStackPerAcquisition, int stackDepth, String[] libraryPrefixes,
                                 int siteBudgetPercent) {
        fullStacks = fullStackPerAcquisition;
        budgetDivisor = siteBudgetPercent >= 100 ? 0 : Math.max(1, 100 / Math.max(1, siteBudgetPercent));
        SiteCapture.maxDepth = Math.max(8, stackDepth);
        SiteCapture.libraries = libraryPrefixes.clone();
    }

    public static void setActive(boolean on) {
        active = on;
    }

    public static boolean isActive() {
        return active;
    }

    // ---- entry points for advice ----

    /** A file stream, RandomAccessFile, ZipFile or directory stream finished opening. */
    public static void fileOpened(Object resource, Object description) {
        acquire(resource, Family.FILE, description);
    }

    /**
     * A FileChannelImpl was created. One that belongs to a stream (getChannel()) shares the
     * stream's descriptor and is closed with it, so only channels without a parent count.
     */
    public static void fileChannelOpened(Object channel, Object path, Object parent) {
        if (parent == null) {
            acquire(channel, Family.FILE, path);
        }
    }

    /**
     * A socket, server socket, channel or selector was opened (kind names which; remote is the
     * endpoint when known). One opened while a JDBC driver connects belongs to that connection:
     * the connection is the finding, not its socket.
     */
    public static void socketOpened(Object resource, String kind, Object remote) {
        if (!active || resource == null) {
            return;
        }
        Guard g = GUARD.get();
        if (g.jdbc == 0) {
            NetDescription d = new NetDescription(kind, remote);
            if (acquire(g, resource, Family.SOCKET, d, null, false) != null) {
                d.endpointKey = NetPolicy.opened(remote);
            }
        }
    }

    /** Any tracked resource was closed. Unknown resources (opened before attach) are ignored. */
    public static void released(Object resource) {
        if (resource == null || !active) {
            return;
        }
        try {
            if (Faults.ON) {
                Faults.inject("tracker.release");
            }
            OpenRecords.closed(resource);
        } catch (Throwable t) {
            failed("tracker.release", t);
        }
    }

    static void acquire(Object resource, int family, Object description) {
        if (active && resource != null) {
            acquire(GUARD.get(), resource, family, description, null, false);
        }
    }

    /**
     * @param parent the record this resource belongs to (a statement's connection), or null
     * @param alwaysWalk find the site even past the budget: for rare, expensive acquisitions
     *     (a physical database connection) where the walk also tells pool-owned from the
     *     application's
     */
    private static Record acquire(Guard g, Object resource, int family, Object description, JdbcRecord parent,
                                  boolean alwaysWalk) {
        if (Thread.currentThread() instanceof AgentThread) {
            return null;
        }
        if (g.depth != 0) {
            return null;
        }
        g.depth++;
        try {
            if (Faults.ON) {
                Faults.inject("tracker.acquire");
            }
            long now = Clock.now();
            Site site = null;
            AcquisitionTrace trace = null;
            if (fullStacks) {
                trace = new AcquisitionTrace();
            } else {
                site = sampledSite(g, now, alwaysWalk, family == Family.JDBC && parent == null
                        && !(description instanceof JdbcChild));
                if (site == null) {
                    return null;
                }
            }
            int hash = System.identityHashCode(resource);
            Record r = family == Family.JDBC
                    ? new JdbcRecord(resource, hash, description, site, trace, now, parent, OpenRecords.queue())
                    : new Record(resource, hash, family, description, site, trace, now, OpenRecords.queue());
            // Idempotent: a second report of the same object is ignored.
            int added = OpenRecords.add(r);
            if (added != OpenRecords.ADDED) {
                if (added == OpenRecords.FULL) {
                    tableFull();
                }
                return null;
            }
            if (family == Family.JDBC) {
                g.usedMiss = null;
            }
            return r;
        } catch (Throwable t) {
            failed("tracker.acquire", t);
            return null;
        } finally {
            g.depth--;
        }
    }

    /**
     * The first application frame, if this thread's budget allows a walk; otherwise the
     * UNSAMPLED site. Null when the JDK owns the resource or no application frame exists.
     */
    private static Site sampledSite(Guard g, long start, boolean alwaysWalk, boolean connection) {
        long divisor = alwaysWalk ? 0 : budgetDivisor;
        if (divisor != 0) {
            long earned = (start - g.lastNanos) / divisor;
            g.lastNanos = start;
            g.budget = Math.min(BURST_NANOS, g.budget + earned);
            if (g.budget <= 0) {
                return SiteCapture.UNSAMPLED;
            }
        }
        long before = divisor != 0 ? System.nanoTime() : 0;
        Object s = SiteCapture.firstApplicationSite(connection);
        if (divisor != 0) {
            g.budget -= Math.min(MAX_WALK_CHARGE_NANOS, System.nanoTime() - before);
        }
        return s instanceof Site ? (Site) s : null;
    }

    // ---- JDBC (advice in driver and pool classes; java.sql types are only Objects here) ----

    /** Entering a JDBC acquisition method, or a pool's internal connection factory. */
    public static void jdbcEnter() {
        GUARD.get().jdbc++;
    }

    /** Leaving a pool's internal connection factory. */
    public static void jdbcExit() {
        leaveJdbc(GUARD.get());
    }

    /**
     * Entering Driver.connect or DataSource.getConnection. In enforce mode with a quota, the
     * outermost acquisition is checked first: the refusal message, or null to go ahead.
     */
    public static String jdbcConnectEnter(Object dataSource, Object url, Object props) {
        Guard g = GUARD.get();
        int outer = g.jdbc++;
        if (outer != 0 || !JdbcPolicy.enforce || !active || g.depth != 0
                || (JdbcPolicy.maxConnections <= 0 && JdbcPolicy.maxConnectionsPerUser <= 0)) {
            return null;
        }
        try {
            String refusal = JdbcPolicy.checkQuota(JdbcPolicy.quotaKey(dataSource, url, userOf(props)));
            if (refusal != null) {
                g.jdbc--;
                Events.quotaRefused(refusal);
            }
            return refusal;
        } catch (Throwable t) {
            AgentErrors.record("jdbc.quota", t);
            return null;
        }
    }

    private static Object userOf(Object props) {
        return props instanceof java.util.Properties ? ((java.util.Properties) props).getProperty("user") : props;
    }

    /** Driver.connect returned (connection may be null: wrong driver for the URL, or it threw). */
    public static void jdbcDriverConnected(Object connection, Object url, Object props) {
        Guard g = GUARD.get();
        if (leaveJdbc(g) == 0 && connection != null && active) {
            Record r = acquire(g, connection, Family.JDBC, JdbcSource.fromDriver(url, props), null, true);
            if (r instanceof JdbcRecord) {
                JdbcPolicy.opened((JdbcRecord) r, JdbcPolicy.maxConnectionsPerUser > 0
                        ? JdbcPolicy.quotaKey(null, url, userOf(props)) : null);
            }
        }
    }

    /**
     * DataSource.getConnection returned: for a pool, the borrow, the hottest JDBC path. The
     * description is the DataSource itself (read by reflection only if ever reported), so a
     * borrow allocates nothing but its record.
     */
    public static void jdbcDataSourceConnected(Object dataSource, Object connection, Object user) {
        Guard g = GUARD.get();
        if (leaveJdbc(g) == 0 && connection != null && active) {
            Record r = acquire(g, connection, Family.JDBC,
                    user == null ? dataSource : JdbcSource.fromDataSource(dataSource, user), null, false);
            if (r instanceof JdbcRecord) {
                JdbcPolicy.opened((JdbcRecord) r, JdbcPolicy.maxConnectionsPerUser > 0
                        ? JdbcPolicy.quotaKey(dataSource, null, user) : null);
            }
        }
    }

    /** jdbc.capture-sql: statements and result sets carry the SQL text the application gave. */
    private static volatile boolean captureSql;

    public static void captureSql(boolean on) {
        captureSql = on;
    }

    /** createStatement returned. */
    public static void jdbcStatementCreated(Object connection, Object statement) {
        jdbcChild(connection, statement, "statement", null);
    }

    /** prepareStatement/prepareCall(sql, ...) returned. */
    public static void jdbcStatementPrepared(Object connection, Object statement, String sql) {
        jdbcChild(connection, statement, "statement", captureSql ? sql : null);
    }

    /**
     * Entering an execute method. {@code first} is its first argument: the SQL for a plain
     * Statement's execute(sql, ...), kept with capture-sql; null where there is none.
     */
    public static int jdbcExecuteEnter(Object statement, Object first) {
        int timeout = jdbcExecuteEnter(statement);
        if (captureSql && first instanceof String && active) {
            try {
                JdbcRecord st = jdbcRecord(statement);
                if (st != null && st.description instanceof JdbcChild) {
                    ((JdbcChild) st.description).sql = (String) first;
                }
            } catch (Throwable t) {
                AgentErrors.record("tracker.jdbc.sql", t);
            }
        }
        return timeout;
    }

    /**
     * Entering a statement's execute/executeQuery/executeUpdate/executeBatch. Marks its connection
     * as executing (so it is never reclaimed mid-query) and returns, in enforce mode, the
     * default query timeout to apply when the application chose none (else 0).
     */
    private static int jdbcExecuteEnter(Object statement) {
        Guard g = GUARD.get();
        if (g.jdbc++ != 0 || !active) {
            return 0;
        }
        try {
            JdbcRecord st = jdbcRecord(statement);
            if (st == null) {
                return 0;
            }
            JdbcRecord conn = st.parent;
            if (conn != null) {
                conn.executing++;
                conn.lastUsedNanos = Clock.now();
                if (!conn.work) {
                    conn.work = true;
                }
            }
            if (JdbcPolicy.enforce && !st.timeoutSetByApplication && JdbcPolicy.queryTimeoutSeconds > 0) {
                st.timeoutSetByApplication = true;
                Counters.TIMEOUTS_APPLIED.increment();
                return JdbcPolicy.queryTimeoutSeconds;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.execute", t);
        }
        return 0;
    }

    /** Leaving an execute method; a returned result set (executeQuery) is tracked. */
    public static void jdbcExecuteExit(Object statement, Object result) {
        Guard g = GUARD.get();
        if (g.jdbc != 1 || !active) {
            leaveJdbc(g);
            return;
        }
        try {
            JdbcRecord st = jdbcRecord(statement);
            if (st != null && st.parent != null && st.parent.executing > 0) {
                st.parent.executing--;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.execute", t);
        }
        if (result != null && !(result instanceof Number) && !(result instanceof Boolean)
                && !(result instanceof int[]) && !(result instanceof long[])) {
            jdbcChild(statement, result, "resultset", null);
        } else {
            leaveJdbc(g);
        }
    }

    /** The application called setQueryTimeout itself: leave its choice alone. */
    public static void jdbcTimeoutChosen(Object statement) {
        try {
            JdbcRecord st = jdbcRecord(statement);
            if (st != null) {
                st.timeoutSetByApplication = true;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.timeout", t);
        }
    }

    /** executeQuery/getResultSet returned. */
    public static void jdbcResultSetCreated(Object statement, Object resultSet) {
        jdbcChild(statement, resultSet, "resultset", null);
    }

    private static int leaveJdbc(Guard g) {
        int d = --g.jdbc;
        if (d < 0) {
            g.jdbc = 0;
            d = 0;
        }
        return d;
    }

    /** @param sql the SQL to show (capture-sql on); for a result set, null: it shows its statement's */
    private static void jdbcChild(Object owner, Object child, String kind, String sql) {
        Guard g = GUARD.get();
        if (leaveJdbc(g) == 0 && child != null && active) {
            try {
                JdbcRecord parent = jdbcRecord(owner);
                if (parent != null) {
                    long now = Clock.now();
                    parent.lastUsedNanos = now;
                    if (parent.parent != null) {
                        parent.parent.lastUsedNanos = now;
                    }
                }
                acquire(g, child, Family.JDBC, new JdbcChild(kind, typeName(child), parent, sql), parent, false);
            } catch (Throwable t) {
                AgentErrors.record("tracker.jdbc", t);
            }
        }
    }

    /**
     * Any other call on a Connection (advice on every method that can throw SQLException): marks
     * it used (enforce mode) and returns, if leakguard reclaimed it, the message its use fails with.
     */
    public static String jdbcConnectionCall(Object connection) {
        if (JdbcPolicy.trackUse) {
            jdbcUsed(connection);
        }
        return JdbcPolicy.reclaimedMessage(connection);
    }

    /**
     * A call on a statement or result set (or a connection): in enforce mode with connection
     * reclaim, its connection was used now. The hot path of reading a result set: one volatile
     * read when off; when on, a per-thread cache hit, a clock read and a volatile write only when
     * the coarse clock moved.
     */
    public static void jdbcUsed(Object handle) {
        if (!JdbcPolicy.trackUse || !active || handle == null) {
            return;
        }
        try {
            JdbcRecord r = usedRecord(GUARD.get(), handle);
            if (r == null) {
                return;
            }
            JdbcRecord conn = r.parent == null ? r : r.parent.parent == null ? r.parent : r.parent.parent;
            long now = Clock.now();
            if (conn.lastUsedNanos != now) {
                conn.lastUsedNanos = now;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.use", t);
        }
    }

    /** The handle's record through the thread's cache; null if it is not tracked. */
    private static JdbcRecord usedRecord(Guard g, Object handle) {
        JdbcRecord r = g.usedRecord;
        if (r != null && !r.released && r.get() == handle) {
            return r;
        }
        java.lang.ref.WeakReference<Object> miss = g.usedMiss;
        if (miss != null && miss.get() == handle) {
            return null;
        }
        // The agent's own calls (the scanner asking getAutoCommit) are no use by the application.
        if (Thread.currentThread() instanceof AgentThread || g.depth != 0) {
            return null;
        }
        r = jdbcRecord(handle);
        if (r == null) {
            g.usedMiss = new java.lang.ref.WeakReference<>(handle);
        } else {
            g.usedRecord = r;
        }
        return r;
    }

    /**
     * commit() or rollback() returned on a connection (setAutoCommit(true) too, which commits):
     * no transaction is open any more. Kept in every mode (rare calls; the record is found once).
     */
    public static void jdbcTransactionEnded(Object connection) {
        jdbcAutoCommit(connection, 0);
    }

    /** setAutoCommit(on) returned. */
    public static void jdbcAutoCommitSet(Object connection, boolean on) {
        jdbcAutoCommit(connection, on ? 1 : 2);
    }

    private static void jdbcAutoCommit(Object connection, int state) {
        // Only connection reclaim reads the transaction state: monitor mode's commit() pays one
        // volatile read. Skipped while off, the state errs toward keeping a connection (work
        // stays set, autocommit unknown: the scanner asks the driver).
        if (!JdbcPolicy.trackUse || !active || connection == null) {
            return;
        }
        try {
            Guard g = GUARD.get();
            if (g.jdbc != 0) {
                return; // a pool's own call on its physical connection
            }
            JdbcRecord c = usedRecord(g, connection);
            if (c == null || c.parent != null) {
                return;
            }
            if (state == 0 || state == 1) {
                c.work = false;
            }
            if (state != 0) {
                c.autoCommit = (byte) state;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.transaction", t);
        }
    }

    private static JdbcRecord jdbcRecord(Object resource) {
        Record r = OpenRecords.find(resource);
        return r instanceof JdbcRecord ? (JdbcRecord) r : null;
    }

    private static String typeName(Object o) {
        String n = o.getClass().getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    // ---- the agent's own work ----

    /** Brackets work the agent does on an application thread (transforming a class). */
    public static void enterAgentCode() {
        GUARD.get().depth++;
    }

    public static void exitAgentCode() {
        GUARD.get().depth--;
    }

    /**
     * The tracker itself keeps failing: after AgentErrors.SWITCH_OFF_AFTER failures, tracking
     * stops (acquisitions and releases return at once); the rest of the agent goes on.
     */
    private static void failed(String where, Throwable t) {
        if (AgentErrors.recordAndCount(where, t) == AgentErrors.SWITCH_OFF_AFTER && active) {
            active = false;
            AgentErrors.switchedOff("resource tracking (" + where + ")",
                    "files, sockets and JDBC are no longer tracked; lock watching and the reports go on");
        }
    }

    private static volatile boolean fullReported;

    /** max-tracked records are open: this acquisition is counted, not recorded; said once. */
    private static void tableFull() {
        Counters.UNTRACKED.increment();
        if (!fullReported) {
            fullReported = true;
            Events.tableFull();
        }
    }

    /**
     * Runs the stack walks once before any transformer exists, so the JDK classes they load
     * lazily (StackWalker's inner classes, the stack stream machinery) are loaded now and never in
     * the middle of an application's class loading.
     */
    public static void warmUp() {
        try {
            SiteCapture.firstApplicationSite(false);
            SiteCapture.firstApplicationSite(true);
            SiteCapture.lockSite();
            new AcquisitionTrace().getStackTrace();
        } catch (Throwable t) {
            AgentErrors.record("tracker warm-up", t);
        }
    }
}

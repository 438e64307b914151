package io.leakguard.bootstrap;

/**
 * JDBC's nesting rules, behind {@link JdbcHooks} (the calls woven into driver and pool
 * classes; java.sql types are only Objects here): only the outermost acquisition on a thread is
 * the application's; statements and result sets are children of their connection; executions
 * mark their connection busy; in enforce mode, use tracking and the default query timeout.
 */
final class JdbcTracker {
    private JdbcTracker() {
    }

    /** Entering a JDBC acquisition method, or a pool's internal connection factory. */
    static void enter() {
        ThreadState.get().jdbc++;
    }

    /** Leaving a pool's internal connection factory. */
    static void exit() {
        leaveJdbc(ThreadState.get());
    }

    /**
     * Entering Driver.connect or DataSource.getConnection. In enforce mode with a quota, the
     * outermost acquisition is checked first: the refusal message, or null to go ahead.
     */
    static String connectEnter(Object dataSource, Object url, Object props) {
        ThreadState g = ThreadState.get();
        int outer = g.jdbc++;
        if (outer != 0 || !JdbcPolicy.enforce || !Acquisitions.active || g.depth != 0
                || (JdbcPolicy.maxConnections <= 0 && JdbcPolicy.maxConnectionsPerUser <= 0)) {
            return null;
        }
        try {
            Object key = JdbcPolicy.quotaKey(dataSource, url, userOf(props));
            String refusal = JdbcPolicy.checkQuota(g, key);
            g.connectQuotaKey = refusal == null ? key : null;
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

    /** The key the connect was checked against at its entry, if it was; else the one its exit sees. */
    private static Object entryKey(ThreadState g, Object atExit) {
        Object k = g.connectQuotaKey;
        return k != null ? k : atExit;
    }

    private static Object userOf(Object props) {
        return props instanceof java.util.Properties ? ((java.util.Properties) props).getProperty("user") : props;
    }

    /** Driver.connect returned (connection may be null: wrong driver for the URL, or it threw). */
    static void driverConnected(Object connection, Object url, Object props) {
        ThreadState g = ThreadState.get();
        int depth = leaveJdbc(g);
        if (depth == 0 && connection != null && Acquisitions.active) {
            Record r = Acquisitions.acquire(g, connection, Family.JDBC, JdbcSource.fromDriver(url, props), null, true);
            if (r instanceof JdbcRecord) {
                JdbcPolicy.opened((JdbcRecord) r, JdbcPolicy.maxConnectionsPerUser > 0
                        ? entryKey(g, JdbcPolicy.quotaKey(null, url, userOf(props))) : null);
            }
        }
        if (depth == 0) {
            g.connectQuotaKey = null;
        }
        if (depth == 0 && JdbcPolicy.QUEUE.anyReserved()) {
            JdbcPolicy.QUEUE.done(g); // counted by now, or failed: its reserved slot goes (quota.wait)
        }
    }

    /**
     * DataSource.getConnection returned: for a pool, the borrow, the hottest JDBC path. The
     * description is the DataSource itself (read by reflection only if ever reported), so a
     * borrow allocates nothing but its record.
     */
    static void dataSourceConnected(Object dataSource, Object connection, Object user) {
        ThreadState g = ThreadState.get();
        int depth = leaveJdbc(g);
        if (depth == 0 && connection == null) {
            g.callSite = 0; // the outermost getConnection threw: no later acquisition is its call's (SharedTraces)
        }
        if (depth == 0 && connection != null && Acquisitions.active) {
            Record r = Acquisitions.acquire(g, connection, Family.JDBC,
                    user == null ? dataSource : JdbcSource.fromDataSource(dataSource, user), null, false);
            if (r instanceof JdbcRecord) {
                JdbcPolicy.opened((JdbcRecord) r, JdbcPolicy.maxConnectionsPerUser > 0
                        ? entryKey(g, JdbcPolicy.quotaKey(dataSource, null, user)) : null);
                if (CurrentTest.on) {
                    HandleJudge.rememberInnermost((JdbcRecord) r, connection);
                }
            }
        }
        if (depth == 0) {
            g.connectQuotaKey = null;
        }
        if (depth == 0 && JdbcPolicy.QUEUE.anyReserved()) {
            JdbcPolicy.QUEUE.done(g); // counted by now, or failed: its reserved slot goes (quota.wait)
        }
    }

    /** createStatement returned. */
    static void statementCreated(Object connection, Object statement) {
        child(connection, statement, "statement", null);
    }

    /** prepareStatement/prepareCall(sql, ...) returned. */
    static void statementPrepared(Object connection, Object statement, String sql) {
        child(connection, statement, "statement", JdbcPolicy.captureSql ? sql : null);
    }

    /**
     * Entering an execute method. {@code first} is its first argument: the SQL for a plain
     * Statement's execute(sql, ...), kept with capture-sql; null where there is none. In enforce
     * mode, a statement offered the default query timeout gets it here (one thread-state lookup
     * for both).
     */
    static void executeEnter(Object statement, Object first) throws Throwable {
        ThreadState g = ThreadState.get();
        int timeout = executeStarted(g, statement, first);
        if (JdbcPolicy.captureSql && first instanceof String && Acquisitions.active) {
            try {
                JdbcRecord st = record(statement);
                if (st != null && st.description instanceof JdbcChild) {
                    ((JdbcChild) st.description).sql = (String) first;
                }
            } catch (Throwable t) {
                AgentErrors.record("tracker.jdbc.sql", t);
            }
        }
        if (timeout > 0) {
            QueryTimeouts.applyDefault(g, statement, timeout);
        }
    }

    /**
     * Entering a statement's execute/executeQuery/executeUpdate/executeBatch. Marks its connection
     * as executing (so it is never reclaimed mid-query) and returns, in enforce mode, the
     * default query timeout to apply when the application chose none (else 0).
     */
    private static int executeStarted(ThreadState g, Object statement, Object first) {
        if (g.jdbc++ != 0 || !Acquisitions.active) {
            return 0;
        }
        try {
            JdbcRecord st = record(g, statement);
            if (st == null) {
                return 0;
            }
            JdbcRecord conn = st.parent;
            if (conn != null) {
                conn.executing++;
                long now = Clock.now();
                conn.usedAt(now);
                if (!conn.work) {
                    conn.work = true;
                }
                // The first statement since the last boundary starts a transaction (if autocommit
                // is off): two plain reads per execute, the start's writes once per transaction.
                if (conn.txStartNanos == 0 && conn.autoCommit != JdbcTransactions.AUTOCOMMIT_ON) {
                    JdbcTransactions.started(g, conn, st, first, now);
                }
            }
            if (JdbcPolicy.enforce && !st.timeoutSetByApplication && JdbcPolicy.queryTimeoutSeconds > 0) {
                // Offered once per statement; QueryTimeouts applies it only if the statement has no
                // timeout yet (getQueryTimeout() == 0), and its setQueryTimeout call, seen by
                // timeoutChosen below, is what counts it as applied.
                st.timeoutSetByApplication = true;
                if (MockAnswers.isGeneratedMock(statement)) {
                    // A test double is never called: it records every call (a test's
                    // verifyNoMoreInteractions fails) and answers only what was stubbed.
                    return 0;
                }
                g.timeoutOffered = st;
                return JdbcPolicy.queryTimeoutSeconds;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.execute", t);
        }
        return 0;
    }

    /** Leaving an execute method; a returned result set (executeQuery) is tracked. */
    static void executeExit(Object statement, Object result) {
        ThreadState g = ThreadState.get();
        g.timeoutOffered = null;
        if (g.jdbc == 1 && result == null) {
            g.callSite = 0; // the outermost execute threw (or gave nothing): no later acquisition is its call's
        }
        if (g.jdbc != 1 || !Acquisitions.active) {
            leaveJdbc(g);
            return;
        }
        try {
            JdbcRecord st = record(g, statement);
            if (st != null && st.parent != null) {
                if (st.parent.executing > 0) {
                    st.parent.executing--;
                }
                // Its end is use too: a statement that ran past leak.critical is not idle when it returns.
                st.parent.usedAt(Clock.now());
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.execute", t);
        }
        if (result != null && !(result instanceof Number) && !(result instanceof Boolean)
                && !(result instanceof int[]) && !(result instanceof long[])) {
            child(statement, result, "resultset", null);
        } else {
            leaveJdbc(g);
        }
    }

    /** The application called setQueryTimeout itself: leave its choice alone. */
    static void timeoutChosen(Object statement) {
        try {
            ThreadState g = ThreadState.get();
            JdbcRecord st = record(g, statement);
            if (st != null) {
                st.timeoutSetByApplication = true;
                if (g.timeoutOffered == st) {
                    g.timeoutOffered = null;
                    Counters.TIMEOUTS_APPLIED.increment();
                }
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.timeout", t);
        }
    }

    /** executeQuery/getResultSet/getGeneratedKeys returned. */
    static void resultSetCreated(Object statement, Object resultSet) {
        child(statement, resultSet, "resultset", null);
    }

    private static int leaveJdbc(ThreadState g) {
        int d = --g.jdbc;
        if (d < 0) {
            g.jdbc = 0;
            d = 0;
        }
        return d;
    }

    /** @param sql the SQL to show (capture-sql on); for a result set, null: it shows its statement's */
    private static void child(Object owner, Object child, String kind, String sql) {
        ThreadState g = ThreadState.get();
        int depth = leaveJdbc(g);
        if (depth == 0 && child == null) {
            g.callSite = 0; // the outermost call threw: no later acquisition is its call's (SharedTraces)
        }
        if (depth == 0 && child != null && Acquisitions.active) {
            try {
                JdbcRecord parent = record(g, owner);
                if (parent == null && kind.equals("statement")) {
                    // An application's wrapper (a logging proxy) over a pool's tracked handle: the
                    // statement is that handle's, or its executions would not mark it busy and
                    // reclaim could take it mid-query.
                    parent = HandleJudge.trackedBeneath(owner);
                }
                if (parent != null) {
                    long now = Clock.now();
                    parent.usedAt(now);
                    if (parent.parent != null) {
                        parent.parent.usedAt(now);
                    }
                }
                Acquisitions.acquire(g, child, Family.JDBC, new JdbcChild(kind, child.getClass().getName(), parent, sql, owner), parent, false);
            } catch (Throwable t) {
                AgentErrors.record("tracker.jdbc", t);
            }
        }
    }

    /**
     * Any other call on a Connection (hooked on every method that can throw SQLException): marks
     * it used (enforce mode) and returns, if leakguard reclaimed it, the message its use fails with.
     */
    static String connectionCall(Object connection) {
        if (JdbcPolicy.trackUse) {
            used(connection);
        }
        return JdbcPolicy.reclaimedMessage(connection);
    }

    /**
     * A call on a statement (or a connection): in enforce mode with connection reclaim, its
     * connection was used now (result set reads are not hooked: an open result set keeps its
     * connection anyway). One volatile read when off; when on, a per-thread cache hit, a clock
     * read and a volatile write only when the coarse clock moved.
     */
    static void used(Object handle) {
        if (!JdbcPolicy.trackUse || !Acquisitions.active || handle == null) {
            return;
        }
        try {
            ThreadState g = ThreadState.get();
            if (g.depth != 0) {
                return; // the agent's own call (QueryTimeouts), not the application's use
            }
            JdbcRecord r = usedRecord(g, handle);
            if (r == null) {
                return;
            }
            JdbcRecord conn = r.parent == null ? r : r.parent.parent == null ? r.parent : r.parent.parent;
            conn.usedAt(Clock.now());
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.use", t);
        }
    }

    /** How long an untracked handle is remembered as such (20 ticks of the coarse clock). */
    private static final long MISS_NANOS = 100_000_000L;

    /** The handle's record through the thread's cache; null if it is not tracked. */
    private static JdbcRecord usedRecord(ThreadState g, Object handle) {
        JdbcRecord r = g.usedRecord;
        if (r != null && !r.released && r.refersTo(handle)) {
            return r;
        }
        // A pool proxy's call reaches the driver's handle behind it: two untracked handles
        // remembered (the driver's connection, and its statement or result set in use).
        // Remembered for MISS_NANOS only: a handle another thread starts tracking meanwhile (a
        // pool handing out a handle object again) is looked up again soon after.
        long now = Clock.now();
        java.lang.ref.WeakReference<Object> miss = g.usedMiss;
        if (miss != null && miss.refersTo(handle) && now - g.usedMissAt < MISS_NANOS) {
            return null;
        }
        java.lang.ref.WeakReference<Object> miss2 = g.usedMiss2;
        if (miss2 != null && miss2.refersTo(handle) && now - g.usedMiss2At < MISS_NANOS) {
            return null;
        }
        // The agent's own calls (the scanner asking getAutoCommit) are no use by the application.
        if (Thread.currentThread() instanceof AgentThread || g.depth != 0) {
            return null;
        }
        // Through the handle just acquired (a borrowed connection, a statement just prepared).
        r = record(g, handle);
        if (r == null) {
            g.usedMiss2 = miss;
            g.usedMiss2At = g.usedMissAt;
            g.usedMiss = new java.lang.ref.WeakReference<>(handle);
            g.usedMissAt = now;
        } else {
            g.usedRecord = r;
        }
        return r;
    }

    /**
     * commit() or rollback() returned on a connection (setAutoCommit(true) too, which commits):
     * no transaction is open any more. Kept in every mode (rare calls; the record is found once).
     */
    static void transactionEnded(Object connection) {
        autoCommit(connection, 0);
    }

    /** setAutoCommit(on) returned. */
    static void autoCommitSet(Object connection, boolean on) {
        autoCommit(connection, on ? 1 : 2);
    }

    private static void autoCommit(Object connection, int state) {
        // Kept in every mode: reclaim and the transaction findings read it, and a boundary missed
        // while the findings were off would make a transaction look older than it is once they
        // are turned on live. Rare calls (a commit is a round trip to the database); the record is
        // found through the thread's cache of the handle it last called.
        if (!Acquisitions.active || connection == null) {
            return;
        }
        try {
            ThreadState g = ThreadState.get();
            if (g.jdbc != 0) {
                return; // a pool's own call on its physical connection
            }
            JdbcRecord c = usedRecord(g, connection);
            if (c == null || c.parent != null) {
                return;
            }
            if (state == 0 || state == 1) {
                c.work = false;
                JdbcTransactions.ended(c);
            } else if (c.autoCommit != JdbcTransactions.AUTOCOMMIT_OFF) {
                // Autocommit turned off: the next statement starts the transaction. From "never
                // set" (a pool whose default may be off already, a transaction running) the start
                // moves later: a transaction reported too young, never one reported that is not.
                JdbcTransactions.ended(c);
            }
            if (state != 0) {
                c.autoCommit = (byte) state;
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.jdbc.transaction", t);
        }
    }

    private static JdbcRecord record(Object resource) {
        Record r = OpenRecords.find(resource);
        return r instanceof JdbcRecord ? (JdbcRecord) r : null;
    }

    /**
     * The handle's record, through the thread's last one: a statement's execute, exit and result
     * set all ask for the statement the thread just prepared (or last looked up), each a locked
     * table lookup otherwise.
     */
    private static JdbcRecord record(ThreadState g, Object handle) {
        JdbcRecord r = g.lastJdbc;
        if (r != null && handle != null && !r.released && r.refersTo(handle)) {
            return r;
        }
        r = record(handle);
        if (r != null) {
            g.lastJdbc = r;
        }
        return r;
    }
}

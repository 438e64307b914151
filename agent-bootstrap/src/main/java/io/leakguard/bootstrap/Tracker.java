package io.leakguard.bootstrap;

/**
 * The static entry points that advice calls. Each advice makes exactly one call here, with
 * primitive, String or Object arguments only, because advice is inlined into JDK classes that
 * see nothing but the boot class path. What happens behind them lives in {@link Acquisitions}
 * (recording one), {@link JdbcTracker} (JDBC's nesting rules) and {@link OpenRecords} (the table
 * and its one way out); the forwarding calls here are inlined by the JIT.
 *
 * <p>Cost model: an acquisition is one guard check, a site capture and one insert into a striped
 * identity table; a release is one removal. The site capture is, in monitor mode, a bounded
 * StackWalker walk to the first application frame (sites are interned), rationed per thread by a
 * time budget ({@link SiteBudget}); in ci mode a Throwable whose frames are only materialised if
 * it is reported. Everything else (ageing, GC-detected leaks, reports) happens on the agent's
 * scanner thread.
 */
public final class Tracker {
    static {
        // Before any record exists: every way out of the table runs the policies' bookkeeping.
        OpenRecords.listen(new Bookkeeping());
    }

    private Tracker() {
    }

    // ---- configuration (called by the agent once, before instrumenting) ----

    public static void configure(TrackerSettings s) {
        OpenRecords.maxTracked(s.maxTracked);
        Acquisitions.fullStacks = s.fullStacks;
        SiteBudget.percent(s.siteBudgetPercent);
        SiteCapture.maxDepth = Math.max(8, s.stackDepth);
        SiteCapture.libraries = s.libraryPrefixes.clone();
    }

    public static void setActive(boolean on) {
        Acquisitions.active = on;
    }

    public static boolean isActive() {
        return Acquisitions.active;
    }

    // ---- entry points for advice ----

    /** A file stream, RandomAccessFile, ZipFile or directory stream finished opening. */
    public static void fileOpened(Object resource, Object description) {
        Acquisitions.acquire(resource, Family.FILE, description);
    }

    /**
     * A FileChannelImpl was created. One that belongs to a stream (getChannel()) shares the
     * stream's descriptor and is closed with it, so only channels without a parent count.
     */
    public static void fileChannelOpened(Object channel, Object path, Object parent) {
        if (parent == null) {
            Acquisitions.acquire(channel, Family.FILE, path);
        }
    }

    /**
     * A socket, server socket, channel or selector was opened (kind names which; remote is the
     * endpoint when known). One opened while a JDBC driver connects belongs to that connection:
     * the connection is the finding, not its socket.
     */
    public static void socketOpened(Object resource, String kind, Object remote) {
        if (!Acquisitions.active || resource == null) {
            return;
        }
        ThreadState g = ThreadState.get();
        if (g.jdbc == 0) {
            NetDescription d = new NetDescription(kind, remote);
            if (Acquisitions.acquire(g, resource, Family.SOCKET, d, null, false) != null) {
                d.endpointKey = SocketQuota.opened(remote);
            }
        }
    }

    /**
     * A server accepted a connection: a socket ServerSocket.accept() returns (tracked from here),
     * or a channel ServerSocketChannel.accept() returns (tracked when it was constructed, on this
     * same thread, a moment ago: marked here).
     */
    public static void socketAccepted(Object socket, boolean channel) {
        if (!Acquisitions.active || socket == null) {
            return;
        }
        if (!channel) {
            socketOpened(socket, "socket", null);
        }
        Record r = OpenRecords.find(socket);
        if (r != null && r.description instanceof NetDescription) {
            ((NetDescription) r.description).accepted = true;
        }
    }

    /** Any tracked resource was closed. Unknown resources (opened before attach) are ignored. */
    public static void released(Object resource) {
        if (resource == null || !Acquisitions.active) {
            return;
        }
        try {
            if (Faults.ON) {
                Faults.inject("tracker.release");
            }
            OpenRecords.closed(resource);
        } catch (Throwable t) {
            Acquisitions.failed("tracker.release", t);
        }
    }

    // ---- JDBC (see JdbcTracker) ----

    /**
     * A connection's abort(Executor) returned: a tracked one is released; an untracked one (a
     * pool's physical connection) is remembered, so the handle over it is judged released.
     */
    public static void jdbcAborted(Object connection) {
        if (connection == null || !Acquisitions.active) {
            return;
        }
        try {
            if (!OpenRecords.closed(connection)) {
                HandleJudge.aborted(connection);
            }
        } catch (Throwable t) {
            Acquisitions.failed("tracker.jdbc.abort", t);
        }
    }

    /**
     * A connection's close() returned: a tracked one is released; in ci mode an untracked one (a
     * pool's physical connection, closed by eviction or the pool's shutdown) is remembered, so the
     * handle over it is judged released even when a stub driver's close() closed nothing.
     */
    public static void jdbcConnectionClosed(Object connection) {
        if (connection == null || !Acquisitions.active) {
            return;
        }
        try {
            if (!OpenRecords.closed(connection) && CurrentTest.on) {
                HandleJudge.closedUntracked(connection);
            }
        } catch (Throwable t) {
            Acquisitions.failed("tracker.jdbc.close", t);
        }
    }

    /** Entering a JDBC acquisition method, or a pool's internal connection factory. */
    public static void jdbcEnter() {
        JdbcTracker.enter();
    }

    /** Leaving a pool's internal connection factory. */
    public static void jdbcExit() {
        JdbcTracker.exit();
    }

    /**
     * Entering Driver.connect or DataSource.getConnection. In enforce mode with a quota, the
     * outermost acquisition is checked first: the refusal message, or null to go ahead.
     */
    public static String jdbcConnectEnter(Object dataSource, Object url, Object props) {
        return JdbcTracker.connectEnter(dataSource, url, props);
    }

    /** Driver.connect returned (connection may be null: wrong driver for the URL, or it threw). */
    public static void jdbcDriverConnected(Object connection, Object url, Object props) {
        JdbcTracker.driverConnected(connection, url, props);
    }

    /** DataSource.getConnection returned: for a pool, the borrow, the hottest JDBC path. */
    public static void jdbcDataSourceConnected(Object dataSource, Object connection, Object user) {
        JdbcTracker.dataSourceConnected(dataSource, connection, user);
    }

    /** createStatement returned. */
    public static void jdbcStatementCreated(Object connection, Object statement) {
        JdbcTracker.statementCreated(connection, statement);
    }

    /** prepareStatement/prepareCall(sql, ...) returned. */
    public static void jdbcStatementPrepared(Object connection, Object statement, String sql) {
        JdbcTracker.statementPrepared(connection, statement, sql);
    }

    /**
     * Entering an execute method ({@code first} is its first argument, the SQL of a plain
     * Statement's execute). Returns, in enforce mode, the default query timeout to apply (else 0).
     */
    public static int jdbcExecuteEnter(Object statement, Object first) {
        return JdbcTracker.executeEnter(statement, first);
    }

    /** Leaving an execute method; a returned result set (executeQuery) is tracked. */
    public static void jdbcExecuteExit(Object statement, Object result) {
        JdbcTracker.executeExit(statement, result);
    }

    /** The application called setQueryTimeout itself: leave its choice alone. */
    public static void jdbcTimeoutChosen(Object statement) {
        JdbcTracker.timeoutChosen(statement);
    }

    /** executeQuery/getResultSet returned. */
    public static void jdbcResultSetCreated(Object statement, Object resultSet) {
        JdbcTracker.resultSetCreated(statement, resultSet);
    }

    /** Any other call on a Connection: marks it used; the message its use fails with if it was reclaimed. */
    public static String jdbcConnectionCall(Object connection) {
        return JdbcTracker.connectionCall(connection);
    }

    /** A call on a statement or result set (or a connection): its connection was used now. */
    public static void jdbcUsed(Object handle) {
        JdbcTracker.used(handle);
    }

    /** commit() or rollback() returned on a connection: no transaction is open any more. */
    public static void jdbcTransactionEnded(Object connection) {
        JdbcTracker.transactionEnded(connection);
    }

    /** setAutoCommit(on) returned. */
    public static void jdbcAutoCommitSet(Object connection, boolean on) {
        JdbcTracker.autoCommitSet(connection, on);
    }

    // ---- the agent's own work ----

    /** Brackets work the agent does on an application thread (transforming a class). */
    public static void enterAgentCode() {
        ThreadState.get().depth++;
    }

    public static void exitAgentCode() {
        ThreadState.get().depth--;
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

package io.leakguard.bootstrap;

/**
 * The calls woven into JDBC implementations (drivers' and pools' Connection, Statement,
 * ResultSet, DataSource and Driver classes, and the pools' connection factories). Each woven
 * place makes exactly one call here; what happens behind it is {@link JdbcTracker}'s.
 *
 * <p>Every parameter is an Object: the woven class's own values are passed as they are, and a
 * driver compiled by something other than javac may keep another type in a parameter's slot
 * later in the method. Nothing here throws into the driver, except that two calls return a
 * refusal message, which the woven code throws as the SQLException the method declares.
 */
public final class JdbcHooks {
    // The value a method returns comes first where it is passed (it is on the operand stack).

    private JdbcHooks() {
    }

    /** Entering createStatement, prepareStatement, prepareCall, getResultSet or getGeneratedKeys, or a pool's connection factory. */
    public static void enter() {
        try {
            JdbcTracker.enter();
        } catch (Throwable t) {
            AgentErrors.record("jdbc.enter", t);
        }
    }

    /** Leaving a pool's connection factory (normally or not). */
    public static void exit() {
        try {
            JdbcTracker.exit();
        } catch (Throwable t) {
            AgentErrors.record("jdbc.exit", t);
        }
    }

    /**
     * Entering Driver.connect or DataSource.getConnection: in enforce mode with a quota, the
     * refusal message (thrown by the woven code as SQLTransientConnectionException), else null.
     */
    public static String connectEnter(Object dataSource, Object url, Object props) {
        try {
            return JdbcTracker.connectEnter(dataSource, url, props);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.connect", t);
            return null;
        }
    }

    /** Driver.connect returned or threw (connection null then, or for a URL that is not the driver's). */
    public static void driverConnected(Object connection, Object url, Object props) {
        try {
            JdbcTracker.driverConnected(connection, url, props);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.connect", t);
        }
    }

    /** DataSource.getConnection returned or threw: for a pool, the borrow, the hottest JDBC path. */
    public static void dataSourceConnected(Object connection, Object dataSource, Object user) {
        try {
            JdbcTracker.dataSourceConnected(dataSource, connection, user);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.connect", t);
        }
    }

    /** createStatement returned or threw. */
    public static void statementCreated(Object statement, Object connection) {
        try {
            JdbcTracker.statementCreated(connection, statement);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.statement", t);
        }
    }

    /** prepareStatement/prepareCall(sql, ...) returned or threw. */
    public static void statementPrepared(Object statement, Object connection, Object sql) {
        try {
            JdbcTracker.statementPrepared(connection, statement, sql instanceof String ? (String) sql : null);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.statement", t);
        }
    }

    /**
     * Entering an execute method ({@code first}: its first argument when that is an object, the
     * SQL of a plain Statement's execute). In enforce mode a statement without a query timeout
     * gets the default one here ({@link QueryTimeouts}).
     */
    public static void executeEnter(Object statement, Object first) {
        try {
            JdbcTracker.executeEnter(statement, first);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.execute", t);
        }
    }

    /** Leaving an execute method (result: what it returned when an object, else null); a result set is tracked. */
    public static void executeExit(Object result, Object statement) {
        try {
            JdbcTracker.executeExit(statement, result);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.execute", t);
        }
    }

    /** setQueryTimeout called (by the application, or by {@link QueryTimeouts}). */
    public static void timeoutChosen(Object statement) {
        try {
            JdbcTracker.timeoutChosen(statement);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.timeout", t);
        }
    }

    /** getResultSet or getGeneratedKeys returned or threw. */
    public static void resultSetCreated(Object resultSet, Object statement) {
        try {
            JdbcTracker.resultSetCreated(statement, resultSet);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.resultset", t);
        }
    }

    /**
     * Any other call on a connection: marks it used; returns the message its use fails with (as
     * SQLException, SQL state 08003) if leakguard reclaimed it, else null.
     */
    public static String connectionCall(Object connection) {
        try {
            return JdbcTracker.connectionCall(connection);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.use", t);
            return null;
        }
    }

    /** A call on a statement: its connection was used now (enforce mode; result set reads are not hooked). */
    public static void used(Object handle) {
        try {
            JdbcTracker.used(handle);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.use", t);
        }
    }

    /** commit() or rollback() returned. */
    public static void transactionEnded(Object connection) {
        try {
            JdbcTracker.transactionEnded(connection);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.transaction", t);
        }
    }

    /** setAutoCommit(on) returned. */
    public static void autoCommitSet(Object connection, boolean on) {
        try {
            JdbcTracker.autoCommitSet(connection, on);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.transaction", t);
        }
    }

    /**
     * A connection's close() returned or threw: a tracked one is released; in ci mode an
     * untracked one (a pool's physical connection) is remembered, so the handle over it is judged
     * released.
     */
    public static void connectionClosed(Object connection) {
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

    /**
     * A connection's isClosed() returned. A test double that says true is closed as far as the test
     * is concerned (ORMLite's suite stubs an EasyMock connection so, to test what its code does
     * with a closed connection, and never closes it): the judge never asks a mock itself (it
     * records the call), so its word is kept on its record and read at judgment. A driver's own
     * connection is asked again then instead: some say true and reopen (MySQL Connector/J's
     * multi-host connections after a failed switch, with autoReconnect). False changes nothing.
     */
    public static void closedReported(boolean closed, Object connection) {
        if (!closed || connection == null || !Acquisitions.active) {
            return;
        }
        try {
            if (MockAnswers.isMock(connection)) {
                Record r = OpenRecords.find(connection);
                if (r instanceof JdbcRecord) {
                    ((JdbcRecord) r).saidClosed = true;
                }
            }
        } catch (Throwable t) {
            AgentErrors.record("jdbc.isclosed", t);
        }
    }

    /**
     * A connection's abort(Executor) returned (not when it threw: then it closed nothing): a
     * tracked one is released; an untracked one (a pool's physical connection) is remembered, so
     * the handle over it is judged released.
     */
    public static void aborted(Object connection) {
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
     * A PooledConnection's (an XAConnection's) getConnection() returned: in ci mode the pair is
     * remembered, so its close() releases the handles over that connection (rule 1).
     */
    public static void pooledConnectionHanded(Object connection, Object pooled) {
        if (connection == null || pooled == null || !CurrentTest.on || !Acquisitions.active) {
            return;
        }
        try {
            HandleJudge.pooledConnectionHanded(pooled, connection);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.pooled", t);
        }
    }

    /** A PooledConnection's close() returned: in ci mode, the handles out over what it handed out are released. */
    public static void pooledConnectionClosed(Object pooled) {
        if (pooled == null || !CurrentTest.on || !Acquisitions.active) {
            return;
        }
        try {
            HandleJudge.pooledConnectionClosed(pooled);
        } catch (Throwable t) {
            AgentErrors.record("jdbc.pooled", t);
        }
    }

    /** A statement's or result set's close() returned or threw. */
    public static void released(Object handle) {
        try {
            // The driver's handle behind a pool's proxy: never recorded, nothing to look up.
            if (handle == null || !TrackedClasses.mayBeRecorded(handle)) {
                return;
            }
        } catch (Throwable t) {
            AgentErrors.record("jdbc.release", t); // looked up as before
        }
        Tracker.released(handle);
    }
}

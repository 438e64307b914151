package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 rules 1 and 2: a handle is released when it or a connection it wraps is closed,
 * whoever closed it; a handle that wraps a tracked connection is an alias; a live chain, or an
 * ambiguous one, stays a leak.
 */
class HandleJudgeTest {
    private final List<String> told = new ArrayList<>();
    private final List<Record> added = new ArrayList<>();

    @BeforeEach
    void listen() {
        // Tracker's class initialisation registers the real bookkeeping: have it happen first.
        Tracker.isActive();
        OpenRecords.listen((r, cause) -> told.add(cause + " " + r.description));
    }

    @AfterEach
    void restore() {
        for (Record r : added) {
            OpenRecords.remove(r, OpenRecords.Cause.DROPPED);
        }
        OpenRecords.listen(new Bookkeeping());
    }

    /** A driver's connection: isClosed() reads its flag; everything else is of no interest. */
    static final class Physical {
        volatile boolean closed;
        int isClosedCalls;
        final Connection connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isClosed":
                            isClosedCalls++;
                            return closed;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new SQLException("not here");
                    }
                });
    }

    /** A pool's handle: a proxy whose handler holds the delegate, and whose isClosed() is its own flag (as Hikari's). */
    static Connection handle(Connection delegate, Object... otherFields) {
        Handler h = new Handler(delegate, otherFields.length > 0 ? otherFields[0] : null);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    static final class Handler implements java.lang.reflect.InvocationHandler {
        private Connection delegate;
        private final Object other;
        boolean closed;

        Handler(Connection delegate, Object other) {
            this.delegate = delegate;
            this.other = other;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            switch (method.getName()) {
                case "isClosed":
                    return closed;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        }
    }

    private JdbcRecord track(Object resource, String name, JdbcRecord parent) {
        JdbcRecord r = new JdbcRecord(resource, System.identityHashCode(resource),
                parent == null ? name : new JdbcChild("statement", "Stmt", parent, null), SiteCapture.UNSAMPLED, null,
                Clock.now(), parent, OpenRecords.queue());
        OpenRecords.add(r);
        added.add(r);
        return r;
    }

    @Test
    void aLiveChainIsStillOpen() {
        Physical p = new Physical();
        JdbcRecord r = track(handle(handle(p.connection)), "borrowed", null);
        assertFalse(HandleJudge.releasedElsewhere(r));
        assertSame(r, OpenRecords.find(r.get()));
        assertTrue(p.isClosedCalls > 0, "the innermost connection was asked");
        assertTrue(told.isEmpty());
    }

    @Test
    void thePhysicalClosedBehindTheHandleReleasesItAndItsStatements() {
        Physical p = new Physical();
        JdbcRecord conn = track(handle(handle(p.connection)), "evicted", null);
        Object statement = new Object();
        JdbcRecord st = track(statement, "st", conn);
        p.closed = true;
        assertTrue(HandleJudge.releasedElsewhere(st), "judged through its connection");
        assertNull(OpenRecords.find(conn.get()));
        assertTrue(conn.released);
        assertTrue(st.closedByParent());
        assertTrue(told.contains("CLOSED evicted"));
    }

    @Test
    void aHandleThatWrapsATrackedConnectionIsAnAlias() {
        Physical p = new Physical();
        JdbcRecord inner = track(p.connection, "transaction's", null);
        JdbcRecord shared = track(handle(p.connection), "shared", null);
        assertTrue(HandleJudge.releasedElsewhere(shared));
        assertTrue(told.contains("DROPPED shared"));
        assertFalse(HandleJudge.releasedElsewhere(inner), "the wrapped connection is judged on its own");
        assertSame(inner, OpenRecords.find(p.connection));
    }

    @Test
    void aStubPhysicalWhoseCloseClosedNothingReleasesTheHandleOverIt() {
        // A test's stub driver: close() is empty, isClosed() stays false; the pool called close().
        Physical p = new Physical();
        JdbcRecord r = track(handle(handle(p.connection)), "evicted over a stub", null);
        assertFalse(HandleJudge.releasedElsewhere(r));
        HandleJudge.closedUntracked(p.connection);
        assertTrue(HandleJudge.releasedElsewhere(r));
        assertTrue(told.contains("CLOSED evicted over a stub"));
    }

    @Test
    void aHandleWhoseFieldsCannotBeReadIsFollowedThroughItsUnwrap() {
        // As a pool in a named module that does not open its package: no readable field holds the
        // connection (here it sits in an array, which the walk does not enter), but unwrap hands it out.
        Physical p = new Physical();
        Object[] hidden = {p.connection};
        Connection handle = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isClosed":
                            return false;
                        case "unwrap":
                            return hidden[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        JdbcRecord r = track(handle, "unwrapped", null);
        assertFalse(HandleJudge.releasedElsewhere(r));
        p.closed = true;
        assertTrue(HandleJudge.releasedElsewhere(r), "the connection behind unwrap() was asked");
    }

    @Test
    void aPoolWrapperClosedIntoItsPoolSaysNothingAboutItsNextBorrower() {
        // DBCP2's PoolableConnection.close() returns it to the pool; the next handle wraps it again.
        Physical p = new Physical();
        Connection wrapper = handle(p.connection);
        HandleJudge.closedUntracked(wrapper);
        JdbcRecord r = track(handle(wrapper), "borrowed again", null);
        assertFalse(HandleJudge.releasedElsewhere(r), "only the innermost connection's close counts");
    }

    @Test
    void aHandleOverAnAbortedConnectionIsReleasedEvenIfTheDriverIgnoredTheAbort() {
        Physical p = new Physical();
        JdbcRecord r = track(handle(p.connection), "aborted by the pool", null);
        assertFalse(HandleJudge.releasedElsewhere(r));
        Tracker.setActive(true);
        try {
            JdbcHooks.aborted(p.connection);
        } finally {
            Tracker.setActive(false);
        }
        assertTrue(HandleJudge.releasedElsewhere(r), "the pool aborted it; the driver's abort did nothing");
        assertTrue(told.contains("CLOSED aborted by the pool"));
    }

    @Test
    void abortingATrackedConnectionReleasesIt() {
        Physical p = new Physical();
        JdbcRecord r = track(p.connection, "aborted by the application", null);
        Tracker.setActive(true);
        try {
            JdbcHooks.aborted(p.connection);
        } finally {
            Tracker.setActive(false);
        }
        assertTrue(r.released);
        assertNull(OpenRecords.find(p.connection));
    }

    @Test
    void twoDifferentConnectionsInOneObjectEndTheWalk() {
        Physical a = new Physical();
        Physical b = new Physical();
        b.closed = true;
        JdbcRecord r = track(handle(a.connection, b.connection), "failover", null);
        assertFalse(HandleJudge.releasedElsewhere(r), "ambiguous: not released");
    }

    @Test
    void anExecutingConnectionIsNotAsked() {
        Physical p = new Physical();
        p.closed = true;
        JdbcRecord r = track(handle(p.connection), "busy", null);
        r.executing = 1;
        assertFalse(HandleJudge.releasedElsewhere(r));
        assertTrue(p.isClosedCalls == 0);
    }

    /** A statement made on a wrapper nobody tracks (an application's logging proxy). */
    private JdbcRecord statementOf(Object untrackedConnection, long acquiredAt) {
        Object statement = new Object();
        JdbcRecord r = new JdbcRecord(statement, System.identityHashCode(statement),
                new JdbcChild("statement", "Stmt", null, null, untrackedConnection), SiteCapture.UNSAMPLED, null,
                acquiredAt, null, OpenRecords.queue());
        OpenRecords.add(r);
        added.add(r);
        return r;
    }

    @Test
    void aStatementOfAnUntrackedConnectionIsReleasedByThatConnectionsLaterCloseOnly() throws Exception {
        Physical p = new Physical();
        Connection wrapper = handle(p.connection);
        // Closed before the statement was made (a pool's wrapper closed, then handed out again): no release.
        HandleJudge.closedUntracked(wrapper);
        Thread.sleep(2);
        JdbcRecord early = statementOf(wrapper, System.nanoTime());
        assertFalse(HandleJudge.releasedElsewhere(early));
        HandleJudge.closedUntracked(wrapper);
        assertTrue(HandleJudge.releasedElsewhere(early), "its connection closed after it was made");
        assertTrue(told.contains("DROPPED Stmt"), told.toString());
        assertTrue(p.isClosedCalls == 0, "the application's connection is never asked");
    }

    @Test
    void anApplicationsWrapperOverATrackedHandleLeadsToThatHandle() {
        Physical p = new Physical();
        JdbcRecord pooled = track(handle(p.connection), "borrowed", null);
        Connection logging = handle((Connection) pooled.get());
        assertSame(pooled, HandleJudge.trackedBeneath(logging));
        assertNull(HandleJudge.trackedBeneath(handle(p.connection)), "nothing tracked beneath");
        assertTrue(p.isClosedCalls == 0, "fields only");
    }

    @Test
    void otherFamiliesAreNeverJudged() {
        Object file = new Object();
        Record r = new Record(file, System.identityHashCode(file), Family.FILE, "f", SiteCapture.UNSAMPLED, null,
                Clock.now(), OpenRecords.queue());
        assertFalse(HandleJudge.releasedElsewhere(r));
    }

    @Test
    void aCycleOfWrappersEnds() {
        Physical p = new Physical();
        Handler h = new Handler(p.connection, null);
        Connection self = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, h);
        // A wrapper that points back at itself: the walk stops, the handle is asked once.
        h.delegate = self;
        JdbcRecord r = track(handle(self), "loop", null);
        assertFalse(HandleJudge.releasedElsewhere(r));
        assertTrue(p.isClosedCalls == 0);
    }
}

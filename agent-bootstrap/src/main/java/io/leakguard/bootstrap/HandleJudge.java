package io.leakguard.bootstrap;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Judges a JDBC connection's record just before it would be reported as leaked (ci mode at a
 * test's end, the scanner before an aged or open-at-exit finding), because a handle's own close()
 * is not the only way it ends (issue 18, rules 1 and 2):
 * <ul>
 * <li><b>Released by any path.</b> A pool's eviction or invalidation, a pool's close() aborting
 * what is borrowed, or the application closing the unwrapped physical connection all close the
 * physical connection behind the handle without calling the handle's close(). So the handle and
 * then every connection it wraps is asked isClosed(); one that says so releases the handle (as
 * {@link OpenRecords.Cause#CLOSED}: its statements and result sets go with it). Nothing here knows
 * a pool: a pool whose close() leaves borrowed connections open (DBCP2's BasicDataSource) leaves
 * every level open, and its borrow is still a leak.</li>
 * <li><b>Only real acquisitions.</b> A handle that wraps a connection which is itself tracked
 * (a managed DataSource handing back the transaction's connection behind a proxy) opened and
 * borrowed nothing: it is an alias, dropped ({@link OpenRecords.Cause#DROPPED}); the wrapped
 * connection's own record is judged for its own owner. Not over a connection a pool opened on
 * a thread of its own, with no application line ({@link #aliases}).</li>
 * </ul>
 *
 * <p>What a handle wraps is found by reflection on its instance fields (a JDK proxy's: its
 * invocation handler's), following the one value that is a java.sql.Connection, a few levels
 * deep; an object holding two different connections is ambiguous and ends the walk. Only here,
 * never on the acquire/release path: ci mode's test end and the scanner thread pay for it, and
 * only for records about to be reported.
 */
public final class HandleJudge {
    /** Wrapping levels followed below the handle (a pool proxy, its pooled connection, the driver's). */
    static final int MAX_DEPTH = 6;

    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    private static final int ALIAS = 2;

    private HandleJudge() {
    }

    /**
     * java.sql resolved by name: the bootstrap sees java.base only. java.sql is defined to the
     * platform loader, and no other loader may define java.* classes, so that Connection is the
     * one every handle implements, whichever loader loaded the handle.
     */
    private static final class Sql {
        static final Class<?> CONNECTION;
        static final Method IS_CLOSED;
        static final Method UNWRAP;

        static {
            Class<?> c = null;
            Method m = null;
            Method u = null;
            try {
                c = Class.forName("java.sql.Connection", false, ClassLoader.getPlatformClassLoader());
                m = c.getMethod("isClosed");
                u = c.getMethod("unwrap", Class.class);
            } catch (Throwable t) {
                // A runtime without java.sql has no JDBC records either.
                c = null;
                m = null;
                u = null;
            }
            CONNECTION = c;
            IS_CLOSED = m;
            UNWRAP = u;
        }
    }

    /** A class's instance fields (superclasses' too) that may hold a Connection: those that can be read, and whether any cannot. */
    private static final class ConnectionFields {
        final Field[] readable;
        /** A field that may hold one is hidden from reflection (a named module that does not open its package). */
        final boolean hidden;

        ConnectionFields(Field[] readable, boolean hidden) {
            this.readable = readable;
            this.hidden = hidden;
        }
    }

    private static final ClassValue<ConnectionFields> FIELDS = new ClassValue<ConnectionFields>() {
        @Override
        protected ConnectionFields computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            boolean hidden = false;
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && mayHoldConnection(f.getType())) {
                        if (f.trySetAccessible()) {
                            out.add(f);
                        } else {
                            hidden = true;
                        }
                    }
                }
            }
            return new ConnectionFields(out.toArray(new Field[0]), hidden);
        }
    };

    /**
     * A field typed Connection (or an implementation of it), or a supertype of Connection (Object,
     * Wrapper, AutoCloseable): what a handle keeps the connection it wraps in. A field of another
     * type (a Session, a Map, a String) would need a class implementing both, which no driver or
     * pool has; reading those cost the borrow path a reflective read each (ci mode reads a
     * borrowed handle's fields at every borrow, see rememberInnermost).
     */
    private static boolean mayHoldConnection(Class<?> t) {
        return !t.isPrimitive() && !t.isArray()
                && (Sql.CONNECTION.isAssignableFrom(t) || t.isAssignableFrom(Sql.CONNECTION));
    }

    /**
     * True when this record (a connection, or a statement or result set through its connection)
     * turned out to be released already: its connection was closed by another path, or was an
     * alias of another tracked connection. The connection's record is then out of the table.
     * False for anything else, and whenever the answer is unsure (a connection executing a
     * statement right now is not asked anything; an isClosed() that throws means open).
     *
     * <p>Runs with the tracker's guard up: nothing the driver or pool does meanwhile is tracked.
     */
    public static boolean releasedElsewhere(Record r) {
        if (r == null || r.family != Family.JDBC || Sql.IS_CLOSED == null) {
            return false;
        }
        Record root = r;
        while (root.parent() != null) {
            root = root.parent();
        }
        if (root.released) {
            return true;
        }
        if (root.description instanceof JdbcChild) {
            return ownerClosed(root);
        }
        if (root instanceof JdbcRecord && ((JdbcRecord) root).innermostReleased) {
            // Its physical connection was closed or aborted while it was out, as seen then
            // (markHandlesOver; ci mode): an XAConnection's close(), say, which nothing later can ask.
            OpenRecords.remove(root, OpenRecords.Cause.CLOSED);
            return true;
        }
        if (root instanceof JdbcRecord && ((JdbcRecord) root).saidClosed) {
            // A mock that told the code under test it is closed (JdbcHooks.closedReported).
            OpenRecords.remove(root, OpenRecords.Cause.CLOSED);
            return true;
        }
        if (root.isExecuting()) {
            return false;
        }
        Object handle = root.get();
        if (handle == null) {
            return false;
        }
        ThreadState g = ThreadState.get();
        g.depth++;
        try {
            int verdict = judge(handle, root.threadName, root instanceof JdbcRecord ? ((JdbcRecord) root).closesAfter : 0);
            if (verdict == CLOSED) {
                OpenRecords.remove(root, OpenRecords.Cause.CLOSED);
            } else if (verdict == ALIAS) {
                OpenRecords.remove(root, OpenRecords.Cause.DROPPED);
            }
            // Released also if its close() raced the judgment.
            return root.released;
        } catch (Throwable t) {
            AgentErrors.record("jdbc handle judgment", t);
            return false;
        } finally {
            g.depth--;
        }
    }

    /**
     * A statement or result set without a tracked parent: released when the untracked
     * connection it came from was closed after it was made (seen by the close hook, ci mode), as
     * JDBC closes a connection's statements with it. Taken out of the table as dropped by its parent.
     */
    private static boolean ownerClosed(Record child) {
        if (!ownerClosedAfter(child)) {
            return false;
        }
        OpenRecords.remove(child, OpenRecords.Cause.DROPPED);
        return true;
    }

    /**
     * The untracked connection a statement came from was closed after the statement was
     * acquired, as seen by its close hook (ci mode). Never asked: the owner is the application's
     * object (a wrapper, a proxy over a mock) and may be running a statement right now. Not for
     * a mock: Mockito runs the close hook for {@code verify(conn, never()).close()} too.
     */
    private static boolean ownerClosedAfter(Record child) {
        Object owner = ((JdbcChild) child.description).untrackedOwner();
        return owner != null && !MockAnswers.isMock(owner) && closedUntrackedSince(owner, child.acquiredAtNanos);
    }

    /**
     * The tracked connection an untracked one wraps (an application's own wrapper or logging
     * proxy over a pool's handle), by its fields only, never a call: the statement the wrapper
     * hands out then belongs to that connection, whose use and executions it marks. Null if none.
     */
    static JdbcRecord trackedBeneath(Object connection) {
        if (Sql.IS_CLOSED == null || connection == null) {
            return null;
        }
        ThreadState g = ThreadState.get();
        g.depth++;
        try {
            Object[] seen = new Object[MAX_DEPTH + 1];
            Object c = connection;
            for (int depth = 0; depth < MAX_DEPTH; depth++) {
                seen[depth] = c;
                Object next = wrappedByFields(c, seen);
                if (next == null || next == AMBIGUOUS) {
                    return null;
                }
                Record r = OpenRecords.find(next);
                if (r instanceof JdbcRecord && ((JdbcRecord) r).parent == null && !(r.description instanceof JdbcChild)) {
                    return (JdbcRecord) r;
                }
                c = next;
            }
            return null;
        } catch (Throwable t) {
            AgentErrors.record("jdbc handle link", t);
            return null;
        } finally {
            g.depth--;
        }
    }

    /**
     * ci mode, a connection just borrowed from a DataSource: remember, weakly, the connection its
     * handle wraps innermost. One walk per borrow in ci mode only; monitor mode never comes here.
     */
    static void rememberInnermost(JdbcRecord r, Object handle) {
        r.closesAfter = closesSoFar();
        Object c = innermostOf(handle, true);
        if (c != null && c != handle) {
            r.innermost = new WeakReference<>(c);
        }
    }

    /**
     * The connection a handle wraps innermost, found through its fields (the handle itself if it
     * wraps none); null if that is ambiguous or cannot be told.
     */
    private static Object innermostOf(Object handle, boolean mayUnwrap) {
        if (Sql.IS_CLOSED == null) {
            return null;
        }
        ThreadState g = ThreadState.get();
        g.depth++;
        try {
            Object[] seen = new Object[MAX_DEPTH + 1];
            Object c = handle;
            for (int depth = 0; depth < MAX_DEPTH; depth++) {
                seen[depth] = c;
                // Fields only, unless they are hidden: this runs on the application's thread in the
                // middle of its test, and a call on its handle is something it can see (a Mockito
                // mock records it: the test's next when(...) stubbed unwrap, not its own call, and
                // verifyNoMoreInteractions failed).
                Object next = wrapped(c, seen, mayUnwrap && holderFields(c).hidden);
                if (next == AMBIGUOUS) {
                    return null;
                }
                if (next == null) {
                    break;
                }
                c = next;
            }
            return c;
        } catch (Throwable t) {
            AgentErrors.record("jdbc handle link", t);
            return null;
        } finally {
            g.depth--;
        }
    }

    /**
     * ci mode: the connections PooledConnection.getConnection() handed out, each with the pooled
     * connection it came from, both weakly, in a ring (oldest overwritten): the pool keeps the
     * pair as long as it keeps the physical connection, and a pool that borrows through a pooled
     * connection on every borrow (DBCP2's per-user pools) cycles through it.
     */
    private static final int HANDED_RING = 1024;
    @SuppressWarnings("unchecked")
    private static final WeakReference<Object>[] HANDED_BY = new WeakReference[HANDED_RING];
    @SuppressWarnings("unchecked")
    private static final WeakReference<Object>[] HANDED = new WeakReference[HANDED_RING];
    private static int handedNext;

    /** ci mode: a PooledConnection's getConnection() returned this connection. */
    static void pooledConnectionHanded(Object pooled, Object connection) {
        synchronized (HANDED) {
            int i = handedNext++ & (HANDED_RING - 1);
            HANDED_BY[i] = new WeakReference<>(pooled);
            HANDED[i] = new WeakReference<>(connection);
        }
    }

    /**
     * ci mode: a PooledConnection's close() returned. JDBC says it closes the physical
     * connection, so each connection it handed out, innermost, counts as closed by the pool: the
     * handles over it that are out now (open, or already collected) are released, as by that
     * connection's own close() ({@link #markHandlesOver}). Not remembered past this moment (unlike
     * {@link #closedUntracked}): a connection is never judged later by this close alone. Not for
     * an object that is itself a connection (Tomcat's pool hands out one proxy that is both, and
     * its close() returns the connection to the pool), nor for a mock (Mockito runs the hook for
     * {@code verify(xa, never()).close()} too).
     */
    static void pooledConnectionClosed(Object pooled) {
        List<Object> handed = new ArrayList<>(2);
        synchronized (HANDED) {
            for (int i = 0; i < HANDED_RING; i++) {
                WeakReference<Object> by = HANDED_BY[i];
                if (by != null && by.get() == pooled) {
                    Object c = HANDED[i].get();
                    if (c != null && !containsSame(handed, c)) {
                        handed.add(c);
                    }
                    HANDED_BY[i] = null;
                    HANDED[i] = null;
                }
            }
        }
        if (handed.isEmpty() || Sql.CONNECTION == null || Sql.CONNECTION.isInstance(pooled) || MockAnswers.isMock(pooled)) {
            return;
        }
        // A pool that borrows through its pooled connection on every borrow (DBCP2's per-user
        // pools) handed out many logical handles over one physical connection: each walked once.
        // Fields only: this runs inside the driver's close(), where a call back into the driver
        // (unwrap) could wait on the lock that close() holds.
        List<Object> innermost = new ArrayList<>(handed.size());
        for (Object c : handed) {
            Object p = innermostOf(c, false);
            if (p != null && !containsSame(innermost, p)) {
                innermost.add(p);
            }
        }
        markHandlesOver(innermost);
    }

    private static boolean containsSame(List<Object> list, Object o) {
        for (Object e : list) {
            if (e == o) {
                return true;
            }
        }
        return false;
    }

    /**
     * A borrowed connection's handle was garbage collected unclosed: was it released before? Yes
     * when the connection it wrapped was closed or aborted (an eviction, an invalidation, the
     * pool's close): seen when it happened ({@link #markHandlesOver}), or asked now if that
     * connection is still there. Only for handles whose innermost connection was found when
     * borrowed (ci mode).
     */
    public static boolean releasedBeforeCollected(Record r) {
        if (!(r instanceof JdbcRecord)) {
            return false;
        }
        if (r.description instanceof JdbcChild) {
            // A statement of an untracked connection that was closed before the GC took it.
            return ownerClosedAfter(r);
        }
        JdbcRecord j = (JdbcRecord) r;
        if (j.innermostReleased) {
            return true;
        }
        WeakReference<Object> link = j.innermost;
        Object p = link == null ? null : link.get();
        if (p == null) {
            // Gone with no close seen: a pool leaked whole, with its borrowed connections, is
            // garbage too. No evidence of a release.
            return false;
        }
        ThreadState g = ThreadState.get();
        g.depth++;
        try {
            return closed(p) || wasAborted(p) || wasClosedUntracked(p, j.closesAfter);
        } catch (Throwable t) {
            AgentErrors.record("jdbc handle judgment", t);
            return false;
        } finally {
            g.depth--;
        }
    }

    /**
     * Untracked connections whose abort(Executor) returned (a pool's physical connections,
     * aborted by the pool's close()): weakly held, oldest dropped past {@link #MAX_ABORTED}.
     * JDBC says abort marks a connection closed, but some drivers' abort does nothing (H2 2.3's
     * is an empty method): the pool did its part, so the handle over it counts as released.
     * Aborts are rare: a locked list is cheap enough, and nothing on the hot path reads it.
     */
    private static final List<WeakReference<Object>> ABORTED = new ArrayList<>();
    static final int MAX_ABORTED = 256;

    /** A connection's abort(Executor) returned. */
    static void aborted(Object connection) {
        synchronized (ABORTED) {
            // No lambda: this runs inside a driver's abort(), where an invokedynamic bootstrap is best avoided.
            for (Iterator<WeakReference<Object>> i = ABORTED.iterator(); i.hasNext(); ) {
                if (i.next().get() == null) {
                    i.remove();
                }
            }
            if (ABORTED.size() >= MAX_ABORTED) {
                ABORTED.remove(0);
            }
            ABORTED.add(new WeakReference<>(connection));
        }
        markHandlesOver(connection);
    }

    private static boolean wasAborted(Object connection) {
        synchronized (ABORTED) {
            for (WeakReference<Object> w : ABORTED) {
                if (w.get() == connection) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * ci mode: untracked connections whose close() returned, in a ring (one CAS and one weak
     * reference per close, no lock: a pool wrapper's close() that returns it to its pool lands
     * here too, on every return). Judged only for the innermost connection of a handle: a
     * physical connection, once closed, is never used again, while a pool's wrapper is closed
     * into the pool and handed out again, so its close() says nothing about the next borrower.
     * Needed because a test's stub driver may close nothing (an empty close(), an isClosed() that
     * stays false), and the pool did its part by calling it.
     */
    private static final int CLOSED_RING = 1024;
    private static final ClosedAt[] CLOSED_UNTRACKED = new ClosedAt[CLOSED_RING];
    private static final java.util.concurrent.atomic.AtomicInteger CLOSED_NEXT = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * One entry: the connection, weakly, and when its close() returned (System.nanoTime). One
     * object, its time a final field: a judging thread that sees the entry sees its own time, never
     * the time of the entry it replaced in the ring (which, read with the new connection, could
     * count a close before a statement's acquisition as after it).
     */
    private static final class ClosedAt extends WeakReference<Object> {
        final long at;
        /** Its place in the order of closes ({@link #CLOSED_NEXT}). */
        final int seq;

        ClosedAt(Object connection, long at, int seq) {
            super(connection);
            this.at = at;
            this.seq = seq;
        }
    }

    /** An untracked connection's close() returned (ci mode only: see {@link #CLOSED_UNTRACKED}). */
    static void closedUntracked(Object connection) {
        int n = CLOSED_NEXT.getAndIncrement();
        CLOSED_UNTRACKED[n & (CLOSED_RING - 1)] = new ClosedAt(connection, System.nanoTime(), n);
        markHandlesOver(connection);
    }

    /**
     * ci mode, a handle just borrowed: the closes seen so far, so that only a close after the
     * borrow releases it. A connection that is its own innermost and whose close() returns it to
     * its pool (MariaDB Connector/J's pooled connection, behind an application's wrapper) is
     * closed by every return and handed out again: the previous borrower's return says nothing
     * about this one. Stored plus one: 0 means not known (every close counts, as before).
     */
    static int closesSoFar() {
        return CLOSED_NEXT.get() + 1;
    }

    /**
     * Closed at or after {@code sinceNanos} (a record's coarse acquisition time, which lags by up
     * to a clock tick: a close just before the acquisition may count as after it, a miss, never a
     * false failure). A wrapper closed, then reused (a pool's), does not release what it hands
     * out later.
     */
    private static boolean closedUntrackedSince(Object connection, long sinceNanos) {
        for (ClosedAt w : CLOSED_UNTRACKED) {
            if (w != null && w.get() == connection && w.at - sinceNanos >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * ci mode: an untracked connection was closed or aborted. If it is the innermost connection
     * of handles still out (found when they were borrowed), those handles are released, even if
     * the GC takes them, or the connection, before their test is judged (a race test that
     * borrows, evicts and drops a thousand). A connection that wraps another (a pool's wrapper,
     * closed into its pool on every return) is nobody's innermost: no walk of the records then.
     */
    static void markHandlesOver(Object connection) {
        List<Object> one = new ArrayList<>(1);
        one.add(connection);
        markHandlesOver(one);
    }

    /** The same for several connections, with one look at the records for all of them. */
    private static void markHandlesOver(List<Object> connections) {
        if (!CurrentTest.on || Sql.IS_CLOSED == null || connections.isEmpty()) {
            return;
        }
        ThreadState g = ThreadState.get();
        g.depth++;
        try {
            List<Object> innermost = new ArrayList<>(connections.size());
            for (Object c : connections) {
                if (wrappedByFields(c, new Object[MAX_DEPTH + 1]) == null) {
                    innermost.add(c);
                }
            }
            if (innermost.isEmpty()) {
                return;
            }
            for (Record r : OpenRecords.snapshot()) {
                markIfOver(r, innermost);
            }
            for (Record r : CiTests.collectedSoFar()) {
                markIfOver(r, innermost);
            }
        } catch (Throwable t) {
            AgentErrors.record("jdbc handle release", t);
        } finally {
            g.depth--;
        }
    }

    private static void markIfOver(Record r, List<Object> connections) {
        if (r instanceof JdbcRecord) {
            WeakReference<Object> link = ((JdbcRecord) r).innermost;
            Object inner = link == null ? null : link.get();
            if (inner != null && containsSame(connections, inner)) {
                ((JdbcRecord) r).innermostReleased = true;
            }
        }
    }

    /** @param after {@link #closesSoFar()} when the handle was borrowed (0: any close counts) */
    private static boolean wasClosedUntracked(Object connection, int after) {
        for (ClosedAt w : CLOSED_UNTRACKED) {
            if (w != null && w.get() == connection && (after == 0 || w.seq - (after - 1) >= 0)) {
                return true;
            }
        }
        return false;
    }

    /** OPEN, CLOSED (the handle or a connection it wraps says so) or ALIAS (it wraps a tracked connection). */
    static int judge(Object handle) {
        return judge(handle, null, 0);
    }

    /**
     * @param handleThread the thread that acquired the handle (null: any; see {@link #aliases})
     * @param closesAfter {@link #closesSoFar()} at its borrow: only later closes count (0: any)
     */
    static int judge(Object handle, String handleThread, int closesAfter) {
        Object[] seen = new Object[MAX_DEPTH + 1];
        Object c = handle;
        for (int depth = 0; c != null && depth <= MAX_DEPTH; depth++) {
            if (closed(c) || wasAborted(c)) {
                return CLOSED;
            }
            if (depth > 0 && aliases(OpenRecords.find(c), handleThread)) {
                return ALIAS;
            }
            seen[depth] = c;
            Object next = wrapped(c, seen, true);
            if (next == AMBIGUOUS) {
                return OPEN;
            }
            if (next == null) {
                // c is the innermost connection: the physical one, if the walk saw them all.
                return depth > 0 && wasClosedUntracked(c, closesAfter) ? CLOSED : OPEN;
            }
            c = next;
        }
        return OPEN;
    }

    /**
     * A handle over a tracked connection is an alias of it (rule 2) when that connection has an
     * application line (the application opened it and is told about it there), or was opened on
     * the handle's own thread (a framework's connection for the test, a close-suppressing single
     * connection made while a context started on the test's thread: handles over it opened
     * nothing). Not one a pool opened on a thread of its own that a test started (c3p0's helper
     * threads, lazily started by the first borrow): recorded for that test but with no line to
     * fail at, so the handle the test borrowed over it is the acquisition, or a borrow never
     * closed failed nothing.
     */
    private static boolean aliases(Record inner, String handleThread) {
        return inner != null && (handleThread == null || inner.reportable() || handleThread.equals(inner.threadName));
    }

    /** {@link #wrapped}'s answer when an object holds two different connections: no sure chain. */
    static final Object AMBIGUOUS = new Object();

    /**
     * Only a plain true counts: an isClosed() that throws says nothing sure. A Mockito mock is not
     * asked: it records the call, which the test can see (verifyNoMoreInteractions, a stubbing
     * that follows), and its answer is only ever what the test stubbed.
     */
    private static boolean closed(Object connection) {
        if (MockAnswers.isMock(connection)) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(Sql.IS_CLOSED.invoke(connection));
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The one connection this one wraps, null (none, or one already seen), or AMBIGUOUS (two
     * different ones). Its fields first; where they show none, its own unwrap(Connection.class):
     * a pool in a named module that does not open its package (HikariCP's own suite runs it so)
     * hides its fields from reflection, but its handle's unwrap hands out the connection it wraps.
     *
     * @param mayUnwrap whether the connection may be asked (else its fields only)
     */
    static Object wrapped(Object connection, Object[] seen, boolean mayUnwrap) {
        Object found = wrappedByFields(connection, seen);
        if (found != null || !mayUnwrap || MockAnswers.isMock(connection)) {
            return found;
        }
        try {
            Object u = Sql.UNWRAP.invoke(connection, Sql.CONNECTION);
            return u == null || u == connection || !Sql.CONNECTION.isInstance(u) || contains(seen, u) ? null : u;
        } catch (Throwable t) {
            return null;
        }
    }

    /** The object whose fields hold what a connection wraps: a JDK proxy's invocation handler, else itself. */
    private static Object holder(Object connection) {
        return Proxy.isProxyClass(connection.getClass()) ? Proxy.getInvocationHandler(connection) : connection;
    }

    private static ConnectionFields holderFields(Object connection) {
        return FIELDS.get(holder(connection).getClass());
    }

    private static Object wrappedByFields(Object connection, Object[] seen) {
        Object holder = holder(connection);
        Object found = null;
        for (Field f : FIELDS.get(holder.getClass()).readable) {
            Object v;
            try {
                v = f.get(holder);
            } catch (Throwable t) {
                continue;
            }
            if (v == null || v == found || !Sql.CONNECTION.isInstance(v) || contains(seen, v)) {
                continue;
            }
            if (found != null) {
                return AMBIGUOUS;
            }
            found = v;
        }
        return found;
    }

    private static boolean contains(Object[] seen, Object o) {
        for (Object s : seen) {
            if (s == o) {
                return true;
            }
        }
        return false;
    }
}

package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.Counters;
import io.leakguard.bootstrap.Family;
import io.leakguard.bootstrap.JdbcPolicy;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.OpenRecords;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Enforce mode's way out for leaked resources: gives back connections held past leak.critical
 * that are evidently leaked (the periodic scan, and at high pressure), and, only when opted in,
 * files and sockets at descriptor pressure. Keeps what it reclaimed, grouped by site. Not
 * thread-safe: the scanner calls it under its lock.
 */
final class Reclaimer {
    private final Exemptions exemptions;
    /** Resources reclaimed since start, grouped by site. */
    private final Map<String, SiteGroup> reclaimed = new LinkedHashMap<>();

    Reclaimer(Exemptions exemptions) {
        this.exemptions = exemptions;
    }

    /** Reclaims so far, by (kind, type, site), in first-reclaimed order: read-only. */
    Map<String, SiteGroup> groups() {
        return Collections.unmodifiableMap(reclaimed);
    }

    /**
     * One scan's pass over the open records: the connections with an open result set are found
     * once, when the first candidate needs them.
     */
    Pass pass(List<Record> open, long criticalMillis) {
        return new Pass(open, criticalMillis);
    }

    final class Pass {
        private final List<Record> open;
        private final long criticalMillis;
        private Set<Record> withCursor;

        private Pass(List<Record> open, long criticalMillis) {
            this.open = open;
            this.criticalMillis = criticalMillis;
        }

        /**
         * Reclaims this connection (the caller found it past leak.critical) if it is evidently
         * leaked; returns its site's group of reclaims, or null when it was not reclaimed.
         */
        SiteGroup connection(Record rec, long nowNanos) {
            if (withCursor == null) {
                withCursor = connectionsWithOpenCursors(open);
            }
            if (!evidentlyLeaked(rec, nowNanos, criticalMillis, withCursor) || !reclaimConnection(rec)) {
                return null;
            }
            return reclaimedOne(rec);
        }
    }

    /**
     * Enforce mode at high pressure: gives back what is evidently leaked, and only of the
     * families asked for (the pressured one, as reclaim.families allows). Connections as the
     * periodic reclaim does (idle past leak.critical, no open result set, no transaction);
     * files and sockets open past leak.critical are closed, only when opted in. Returns how many
     * were reclaimed; each is counted and listed with its site.
     */
    int reclaimLeaked(long critical, boolean connections, boolean files, boolean sockets) {
        if (critical <= 0 || !(connections || files || sockets)) {
            return 0;
        }
        long nowNanos = System.nanoTime();
        int n = 0;
        List<Record> open = OpenRecords.snapshot();
        Set<Record> withCursor = null;
        for (Record rec : open) {
            int family = rec.family;
            boolean wanted = family == Family.JDBC ? connections && "connection".equals(rec.type())
                    : family == Family.FILE ? files : family == Family.SOCKET && sockets;
            if (!wanted || rec.get() == null || rec.closedByParent() || rec.ageMillis(nowNanos) < critical
                    || Scanner.isLongLivedByDesign(rec.type()) || exemptions.isIgnored(rec)) {
                continue;
            }
            boolean done;
            if (family == Family.JDBC) {
                if (withCursor == null) {
                    withCursor = connectionsWithOpenCursors(open);
                }
                done = evidentlyLeaked(rec, nowNanos, critical, withCursor) && reclaimConnection(rec);
            } else {
                done = rec.get() instanceof java.io.Closeable && closeLeaked(rec);
            }
            if (done) {
                n++;
                reclaimedOne(rec);
            }
        }
        return n;
    }

    /** Lists a reclaimed resource under its site and counts it. */
    private SiteGroup reclaimedOne(Record rec) {
        SiteGroup g = reclaimed.computeIfAbsent(SiteGroup.key(Finding.Kind.RECLAIMED, rec),
                x -> new SiteGroup(Finding.Kind.RECLAIMED, rec));
        g.add(rec);
        Counters.RECLAIMS.increment();
        FindingCounts.add(Finding.Kind.RECLAIMED, 1);
        return g;
    }

    /**
     * Gives a connection held past leak.critical back. A pooled handle is closed, which returns
     * it to its pool; a plain connection is aborted. Never while a statement is executing on it.
     * Later use of the handle fails with a message naming where it was acquired.
     */
    private static boolean reclaimConnection(Record rec) {
        Object handle = rec.get();
        if (handle == null || !JdbcPolicy.takeForReclaim(rec)) {
            return false;
        }
        try {
            if (rec.pooled()) {
                ((AutoCloseable) handle).close();
            } else {
                Method abort = handle.getClass().getMethod("abort", Executor.class);
                abort.invoke(handle, (Executor) Runnable::run);
            }
        } catch (Throwable t) {
            // The handle is marked reclaimed either way; say what failed, once.
            AgentErrors.record("reclaim " + handle.getClass().getName(), t);
        }
        return true;
    }

    /**
     * Age is no evidence of a leak: a connection is reclaimed only when nothing has touched it
     * (no call on it, its statements or result sets) for leak.critical, no statement is executing
     * on it, no result set of it is open (a cursor someone may still read), and no transaction
     * is in progress (statements executed since the last commit/rollback with autocommit off;
     * where the application never set autocommit on the handle, the driver is asked, and a
     * driver that cannot say keeps its connection).
     */
    private static boolean evidentlyLeaked(Record conn, long nowNanos, long criticalMillis, Set<Record> withCursor) {
        if (!JdbcPolicy.tracksUse()) {
            return false; // use is not advised (enforce was set live, after the install): nothing proves idleness
        }
        if (conn.isExecuting() || JdbcPolicy.idleMillis(conn, nowNanos) < criticalMillis || withCursor.contains(conn)) {
            return false;
        }
        int tx = JdbcPolicy.transaction(conn);
        if (tx == JdbcPolicy.NO_TRANSACTION) {
            return true;
        }
        if (tx == JdbcPolicy.IN_TRANSACTION) {
            return false;
        }
        Object handle = conn.get();
        try {
            return handle instanceof java.sql.Connection && ((java.sql.Connection) handle).getAutoCommit();
        } catch (Throwable t) {
            return false;
        }
    }

    /** The connections with a result set still open (not closed, nor closed with its statement). */
    private static Set<Record> connectionsWithOpenCursors(List<Record> open) {
        Set<Record> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Record r : open) {
            if (r.family == Family.JDBC && "resultset".equals(r.type()) && r.get() != null && !r.closedByParent()) {
                out.add(JdbcPolicy.connectionOf(r));
            }
        }
        return out;
    }

    private static boolean closeLeaked(Record rec) {
        Object resource = rec.get();
        if (resource == null) {
            return false;
        }
        try {
            ((java.io.Closeable) resource).close();
            return true;
        } catch (Throwable t) {
            AgentErrors.record("reclaim " + resource.getClass().getName(), t);
            return false;
        }
    }
}

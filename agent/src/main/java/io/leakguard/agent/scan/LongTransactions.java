package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.bootstrap.JdbcTransactions;
import io.leakguard.bootstrap.MockAnswers;
import io.leakguard.bootstrap.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Long transactions (open past jdbc.tx-warn) and transactions idle past jdbc.tx-idle-warn, judged
 * on the scanner thread from what the hot path keeps per connection ({@link JdbcTransactions}: when
 * the transaction's first statement ran, and where; the last statement). Each transaction is
 * reported once per kind; one scan's new ones are grouped by (kind, line).
 *
 * <p>A transaction exists only with autocommit off. Where the application set it off on the handle
 * that is known; where it never set it (the pool's or driver's default), the driver's
 * getAutoCommit() is asked here, once per transaction and only when it is already past a
 * threshold and no statement is executing on the connection, as enforce mode's reclaim asks it.
 * Not thread-safe: the scanner calls it under its lock.
 */
final class LongTransactions {
    /** What is known of a transaction seen past a threshold: its start, and what was done about it. */
    private static final class Seen {
        final long start;
        boolean autoCommitOn;
        boolean longReported;
        boolean idleReported;

        Seen(long start) {
            this.start = start;
        }
    }

    private static final int SAMPLE = 3;

    /** One scan's new findings of one (kind, line). */
    private static final class Group {
        final Finding.Kind kind;
        final String site;
        final List<String> stack;
        final String thread;
        int count;
        long oldestMillis;
        final List<String> samples = new ArrayList<>(SAMPLE);

        Group(Finding.Kind kind, String site, List<String> stack, String thread) {
            this.kind = kind;
            this.site = site;
            this.stack = stack;
            this.thread = thread;
        }
    }

    private volatile long warnMillis;
    private volatile long idleMillis;
    private final Map<Record, Seen> seen = new WeakHashMap<>();
    private final Map<String, Group> now = new LinkedHashMap<>();
    /** Findings since start per (kind, line), for the live report. */
    private final Map<String, FindingTally> history = new LinkedHashMap<>();

    void apply(long warnMillis, long idleMillis) {
        this.warnMillis = warnMillis;
        this.idleMillis = idleMillis;
    }

    boolean on() {
        return warnMillis > 0 || idleMillis > 0;
    }

    /** One open record of the scan: a connection whose transaction is past a threshold is noted. */
    void look(Record rec, long nowNanos, Exemptions exemptions) {
        long start = JdbcTransactions.startedAtNanos(rec);
        if (start == 0) {
            return;
        }
        long warn = warnMillis;
        long idleWarn = idleMillis;
        long age = Math.max(0, (nowNanos - start) / 1_000_000L);
        long last = JdbcTransactions.lastStatementNanos(rec);
        long idle = rec.isExecuting() ? 0 : Math.max(0, (nowNanos - Math.max(start, last == 0 ? start : last)) / 1_000_000L);
        boolean isLong = warn > 0 && age >= warn;
        boolean isIdle = idleWarn > 0 && idle >= idleWarn;
        if (!isLong && !isIdle) {
            return;
        }
        Seen s = seen.get(rec);
        if (s == null || s.start != start) {
            s = new Seen(start);
            seen.put(rec, s);
        }
        if (s.autoCommitOn || (!isLong || s.longReported) && (!isIdle || s.idleReported)) {
            return;
        }
        if (rec.get() == null || rec.closedByParent() || exemptions.isIgnored(rec)) {
            return;
        }
        int autoCommit = JdbcTransactions.autoCommit(rec);
        if (autoCommit == JdbcTransactions.AUTOCOMMIT_ON) {
            s.autoCommitOn = true;
            return;
        }
        if (autoCommit == JdbcTransactions.AUTOCOMMIT_UNKNOWN) {
            if (rec.isExecuting()) {
                return; // asked at a later scan, not while the application's statement runs
            }
            Object handle = rec.get();
            if (MockAnswers.isMock(handle)) {
                s.autoCommitOn = true; // a test's mock: never asked, and it holds no transaction
                return;
            }
            try {
                if (!(handle instanceof java.sql.Connection) || ((java.sql.Connection) handle).getAutoCommit()) {
                    s.autoCommitOn = true;
                    return;
                }
            } catch (Throwable t) {
                s.autoCommitOn = true; // closed meanwhile, or a driver that cannot say: no finding
                return;
            }
        }
        if (start != JdbcTransactions.startedAtNanos(rec)) {
            return; // committed while this scan looked
        }
        if (isLong && !s.longReported) {
            s.longReported = true;
            add(Finding.Kind.LONG_TRANSACTION, rec, age, age, idle);
        }
        if (isIdle && !s.idleReported) {
            s.idleReported = true;
            add(Finding.Kind.IDLE_IN_TRANSACTION, rec, idle, age, idle);
        }
    }

    private void add(Finding.Kind kind, Record rec, long shownMillis, long age, long idle) {
        String site = JdbcTransactions.site(rec).frame;
        Group g = now.computeIfAbsent(kind.id + '|' + site, k -> new Group(kind, site,
                Arrays.asList(JdbcTransactions.stack(rec)), JdbcTransactions.thread(rec)));
        g.count++;
        g.oldestMillis = Math.max(g.oldestMillis, shownMillis);
        if (g.samples.size() < SAMPLE) {
            String sql = JdbcTransactions.sql(rec);
            g.samples.add("transaction open " + age + " ms, no statement for " + idle + " ms, first statement at " + site
                    + (sql != null ? " \"" + sql + "\"" : "") + ", on " + rec.describe());
        }
    }

    /** This scan's new findings (each counted once, here), and the scan's groups cleared. */
    void findings(List<Finding> out, long nowMillis) {
        for (Group g : now.values()) {
            out.add(new Finding(g.kind, "jdbc", "transaction", g.site, g.count, g.oldestMillis, g.thread,
                    List.copyOf(g.samples), g.stack, nowMillis, "reported"));
            FindingCounts.add(g.kind, g.count);
            String key = g.kind.id + '|' + g.site;
            FindingTally before = history.get(key);
            history.put(key, new FindingTally(g.kind.id, "transaction", g.site, g.count + (before == null ? 0 : before.count)));
        }
        now.clear();
    }

    /** Transaction findings so far, by (kind, line). */
    List<FindingTally> history() {
        return new ArrayList<>(history.values());
    }
}

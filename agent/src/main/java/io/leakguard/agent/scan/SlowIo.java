package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.bootstrap.AgentThread;
import io.leakguard.bootstrap.IoInFlight;
import io.leakguard.bootstrap.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * io.slow: the threads blocked in a file or socket read, write or force for longer than io.slow,
 * judged at each scan from the marks the woven calls leave ({@link IoInFlight}: which resource,
 * which operation, since when). A socket read counts only when it awaits a reply on a connection
 * this process opened. Each blocked call is reported once, while it is still blocked,
 * with the thread's stack as it is now and the line that opened the resource; one scan's calls
 * are grouped by (operation, line). Nothing is ever interrupted (interrupting a FileChannel
 * closes it). A resource that is not tracked (opened before leakguard, from a descriptor such as
 * System.in, or by the JDK itself) is not reported: nothing would say where it came from, and a
 * console waiting for input is no problem. Not thread-safe: the scanner calls it under its lock.
 */
final class SlowIo {
    private static final int SAMPLE = 3;

    /** One scan's blocked calls at one (operation, line). */
    private static final class Group {
        final Record first;
        final String op;
        int count;
        long longestMillis;
        final List<Finding.ThreadPart> threads = new ArrayList<>(SAMPLE);
        final List<String> resources = new ArrayList<>(SAMPLE);

        Group(Record first, String op) {
            this.first = first;
            this.op = op;
        }
    }

    private volatile long slowMillis;
    /** The call each marker was last reported for (its start stamp): a call is reported once. */
    private final Map<IoInFlight, Long> reported = new IdentityHashMap<>();
    private final Map<String, FindingTally> history = new LinkedHashMap<>();

    void apply(long slowMillis) {
        this.slowMillis = slowMillis;
    }

    /** Looks at every thread in a blocking call; adds this scan's new slow calls to out. */
    void findings(List<Finding> out, long nowNanos, long nowMillis, Exemptions exemptions) {
        long slow = slowMillis;
        if (slow <= 0) {
            return;
        }
        List<IoInFlight> markers = IoInFlight.snapshot();
        reported.keySet().retainAll(new java.util.HashSet<>(markers));
        Map<String, Group> groups = new LinkedHashMap<>();
        for (IoInFlight m : markers) {
            Object resource = m.resource();
            if (resource == null) {
                continue;
            }
            // A socket read is slow only while a reply is awaited (IoInFlight): an idle read loop,
            // a subscriber or a server waiting for a client's next request is not.
            if (m.socketRead() && !m.awaitsReply()) {
                continue;
            }
            long started = m.startedNanos();
            long blocked = (nowNanos - started) / 1_000_000L;
            if (blocked < slow) {
                continue;
            }
            Long before = reported.get(m);
            if (before != null && before == started) {
                continue;
            }
            Thread t = m.thread();
            if (t == null || t instanceof AgentThread) {
                continue;
            }
            Record rec = IoInFlight.recordOf(resource);
            if (rec == null || !rec.reportable() || exemptions.isIgnored(rec)) {
                continue;
            }
            if (m.socketRead() && rec.acceptedByServer()) {
                // The peer is a client: what it sends next, and when, is up to it.
                continue;
            }
            StackTraceElement[] stack = t.getStackTrace();
            Thread.State state = t.getState();
            // Still the same call once the stack is in hand: otherwise it returned meanwhile and the stack is of something else.
            if (m.resource() != resource || m.startedNanos() != started) {
                continue;
            }
            reported.put(m, started);
            String op = m.operation();
            String site = rec.site().frame;
            Group g = groups.computeIfAbsent(op + '|' + site, k -> new Group(rec, op));
            g.count++;
            g.longestMillis = Math.max(g.longestMillis, blocked);
            if (g.threads.size() < SAMPLE) {
                List<String> lines = new ArrayList<>(stack.length);
                for (StackTraceElement e : stack) {
                    lines.add(e.toString());
                }
                g.threads.add(new Finding.ThreadPart("blocked", t.getName(), state.name(), "in " + op + " for " + blocked
                        + " ms", site, lines));
                g.resources.add(rec.describe());
            }
        }
        for (Group g : groups.values()) {
            Record r = g.first;
            String site = r.site().frame;
            out.add(new Finding(Finding.Kind.SLOW_IO, r.familyName(), r.type(), site, g.count, g.longestMillis,
                    r.threadName, List.copyOf(g.resources), Arrays.asList(r.stackLines()), nowMillis,
                    "reported (" + g.op + ", not interrupted)", List.copyOf(g.threads)));
            FindingCounts.add(Finding.Kind.SLOW_IO, g.count);
            String key = g.op + '|' + site;
            FindingTally was = history.get(key);
            history.put(key, new FindingTally(Finding.Kind.SLOW_IO.id, r.type() + " " + g.op, site,
                    g.count + (was == null ? 0 : was.count)));
        }
    }

    /** Slow calls so far, by (operation, line). */
    List<FindingTally> history() {
        return new ArrayList<>(history.values());
    }
}

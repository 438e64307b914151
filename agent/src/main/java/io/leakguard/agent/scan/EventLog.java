package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.bootstrap.Events;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events the bootstrap classes post as they happen (quota refusals, circuit breakers, lock
 * timeouts, a full table), tallied since start per (kind, type, site) with the latest of each.
 * The scanner drains and reports them under its lock; not thread-safe on its own.
 */
final class EventLog {
    /** How many events of one (kind, type, site) since start, and the latest of them. */
    private static final class Tally {
        int count;
        Events.Event latest;
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    /** Takes in every event posted since the last call. */
    void drain() {
        Events.Event ev;
        while ((ev = Events.poll()) != null) {
            Tally t = tallies.computeIfAbsent(ev.kind + "|" + ev.type + "|" + ev.site, k -> new Tally());
            t.count++;
            t.latest = ev;
        }
    }

    /** A finding per tally that is due (see {@link ReportThrottle}; every one at exit), in first-seen order. */
    void findings(List<Finding> out, ReportThrottle throttle, long nowMillis, boolean atExit) {
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Events.Event ev = e.getValue().latest;
            int count = e.getValue().count;
            if (throttle.due("event|" + e.getKey(), count, atExit)) {
                Finding.Kind kind = Finding.Kind.forId(ev.kind);
                out.add(new Finding(kind, ev.family, ev.type, ev.site, count, 0, ev.thread,
                        List.of(ev.message), Arrays.asList(ev.stack), nowMillis,
                        kind == Finding.Kind.QUOTA_REFUSED ? "refused" : kind == Finding.Kind.LOCK_TIMEOUT ? "thrown" : ev.kind));
            }
        }
    }
}

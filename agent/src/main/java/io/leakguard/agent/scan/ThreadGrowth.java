package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingCounts;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.bootstrap.Site;
import io.leakguard.bootstrap.Threads;
import io.leakguard.bootstrap.TrackedThread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * thread.warn: a line from which more than thread.warn platform threads are running at once (each
 * started there, or a worker of an executor created there: an executor per request never shut
 * down) is a finding. Reported when it first passes thread.warn and again each time its count
 * has doubled since, so growth that goes on stays visible without a report per scan. Not
 * thread-safe: the scanner calls it under its lock.
 */
final class ThreadGrowth {
    private static final int SAMPLE = 3;

    private volatile int warn;
    /** Per line, the count last reported. */
    private final Map<String, Integer> reported = new HashMap<>();
    private final Map<String, FindingTally> history = new LinkedHashMap<>();

    void apply(int warn) {
        this.warn = warn;
    }

    private static final class Group {
        final TrackedThread first;
        int count;
        int pooled;
        long oldestMillis;
        final List<String> names = new ArrayList<>(SAMPLE);

        Group(TrackedThread first) {
            this.first = first;
        }
    }

    void findings(List<Finding> out, long nowNanos, long nowMillis, Exemptions exemptions) {
        int limit = warn;
        if (limit <= 0) {
            return;
        }
        List<TrackedThread> live = Threads.live();
        if (live.size() <= limit) {
            reported.clear(); // all back at or under the line: a new climb is reported afresh
            return;
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (TrackedThread t : live) {
            Group g = groups.computeIfAbsent(t.site().frame, k -> new Group(t));
            g.count++;
            if (t.pooled()) {
                g.pooled++;
            }
            g.oldestMillis = Math.max(g.oldestMillis, t.ageMillis(nowNanos));
            if (g.names.size() < SAMPLE) {
                g.names.add(t.thread().getName());
            }
        }
        reported.keySet().retainAll(groups.keySet());
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            Integer before = reported.get(e.getKey());
            if (g.count <= limit) { // more than thread.warn is a finding, as documented
                reported.remove(e.getKey());
                continue;
            }
            if (before != null && g.count < 2 * before) {
                continue;
            }
            Site site = g.first.site();
            if (exemptions.isIgnoredSite(site)) {
                continue;
            }
            reported.put(e.getKey(), g.count);
            List<String> resources = new ArrayList<>();
            resources.add(g.count + " running (thread.warn=" + limit + ")"
                    + (g.pooled > 0 ? ", " + g.pooled + " of them workers of executors created here" : "")
                    + "; e.g. " + String.join(", ", g.names));
            out.add(new Finding(Finding.Kind.THREAD_GROWTH, "thread", "thread", site.frame, g.count, g.oldestMillis,
                    g.first.startedBy(), resources, Arrays.asList(site.stack), nowMillis, "reported"));
            FindingCounts.add(Finding.Kind.THREAD_GROWTH, 1);
            history.put(e.getKey(), new FindingTally(Finding.Kind.THREAD_GROWTH.id, "thread", site.frame, g.count));
        }
    }

    /** Lines reported so far, with the count of the last report. */
    List<FindingTally> history() {
        return new ArrayList<>(history.values());
    }
}

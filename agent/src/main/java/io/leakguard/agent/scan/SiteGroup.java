package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.bootstrap.Family;
import io.leakguard.bootstrap.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Accumulates the records of one (kind, family, site) while a scan runs. */
final class SiteGroup {
    private static final int SAMPLE = 3;

    final Finding.Kind kind;
    final Record first;
    int count;
    long oldestAcquired = Long.MAX_VALUE;  // nanoTime
    String oldestThread;
    final List<String> samples = new ArrayList<>(SAMPLE);

    SiteGroup(Finding.Kind kind, Record first) {
        this.kind = kind;
        this.first = first;
    }

    static String key(Finding.Kind kind, Record r) {
        return kind.id + '|' + r.type() + '|' + r.site().frame;
    }

    void add(Record r) {
        count++;
        if (r.acquiredAtNanos - oldestAcquired < 0 || count == 1) {
            oldestAcquired = r.acquiredAtNanos;
            oldestThread = r.threadName;
        }
        String d = r.describe();
        if (samples.size() < SAMPLE && !samples.contains(d)) {
            samples.add(d);
        }
    }

    FindingTally tally() {
        return new FindingTally(kind.id, first.type(), first.site().frame, count);
    }

    Finding toFinding(long nowMillis, long nowNanos, int total) {
        return new Finding(kind, Family.name(first.family), first.type(), first.site().frame, total,
                Math.max(0, (nowNanos - oldestAcquired) / 1_000_000L), oldestThread, List.copyOf(samples),
                Arrays.asList(first.stackLines()), nowMillis,
                kind == Finding.Kind.RECLAIMED ? "reclaimed" : "reported");
    }
}

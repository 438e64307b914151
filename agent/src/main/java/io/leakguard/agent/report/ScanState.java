package io.leakguard.agent.report;

import io.leakguard.agent.finding.FindingTally;
import io.leakguard.bootstrap.Record;
import java.util.List;

/**
 * What the live report reads from the leak scan: its thresholds, its exemptions and what it has
 * found so far. The scanner implements it, so reporting does not depend on scanning back.
 */
public interface ScanState {
    /** Whether the user exempted this resource (ignore.paths, ignore.sites) or it is the JDK's. */
    boolean isIgnored(Record r);

    long warnMillis();

    long criticalMillis();

    /** Definite leaks and reclaims so far. */
    List<FindingTally> history();
}

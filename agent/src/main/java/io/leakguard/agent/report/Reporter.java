package io.leakguard.agent.report;

import io.leakguard.agent.finding.Finding;
import java.util.List;

/** Where findings go. Called on the scanner thread (or the shutdown hook), never on the hot path. */
public interface Reporter {
    void report(List<Finding> findings, boolean atExit);

    /** Hands findings to every reporter; one that fails is counted and the others still get them. */
    static void deliver(List<Reporter> reporters, List<Finding> findings, boolean atExit) {
        for (Reporter r : reporters) {
            try {
                r.report(findings, atExit);
            } catch (Throwable t) {
                io.leakguard.bootstrap.AgentErrors.record("reporter " + r.getClass().getSimpleName(), t);
            }
        }
    }
}

package io.leakguard.agent.report;

import io.leakguard.agent.scan.Finding;
import java.util.List;

/** Where findings go. Called on the scanner thread (or the shutdown hook), never on the hot path. */
public interface Reporter {
    void report(List<Finding> findings, boolean atExit);
}

package io.leakguard.agent.report;

import io.leakguard.agent.finding.Finding;
import io.leakguard.bootstrap.CiBaseline;
import java.io.PrintStream;
import java.util.List;

/**
 * ci.baseline, at the end of the run: the baseline's sites that did not leak, so the baseline
 * shrinks. A site that leaked anywhere in the run (the exit report, a scan) is not fixed, not only
 * one a test's judgement met: report.json, which a baseline is written from, has those too (a
 * class's fixture, a file a shutdown hook opened).
 */
public final class BaselineSeen implements Reporter {
    /**
     * The JVM's stderr as it was at start: a test runner replaces System.err with its own stream
     * and closes that before the shutdown hooks run (what is printed to it then is lost).
     */
    private final PrintStream out;

    public BaselineSeen(PrintStream out) {
        this.out = out;
    }

    @Override
    public void report(List<Finding> findings, boolean atExit) {
        for (Finding f : findings) {
            if (f.family != null && f.site != null) {
                CiBaseline.leaked(f.family, f.site);
            }
        }
    }

    /** After the exit report (which may have had no findings, and so never came here). */
    public void printFixed() {
        for (String site : CiBaseline.fixed()) {
            out.println("leakguard: fixed: remove from baseline: " + site);
        }
    }
}

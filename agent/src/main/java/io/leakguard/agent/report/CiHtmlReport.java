package io.leakguard.agent.report;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.report.html.HtmlPage;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.CiVerdicts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ci mode's report.html (issue 17): keeps the run's leak findings as they are reported (the same
 * ones report.json gets) and, after the exit report, writes one page from them and the tests
 * that failed. The page is this JVM's run only; report.json may hold earlier runs too.
 */
public final class CiHtmlReport implements Reporter {
    /** Findings kept for the page; a leak storm reports a site again only when its count doubles. */
    static final int MAX_FINDINGS = 20_000;

    private final Path path;
    private final String agent;
    /** The JVM's stderr as it was at start (a test runner closes its replacement before exit). */
    private final PrintStream err;
    private final List<Finding> findings = new ArrayList<>();

    public CiHtmlReport(Path path, String agentVersion, PrintStream err) {
        this.path = path;
        this.agent = agentVersion;
        this.err = err;
    }

    @Override
    public synchronized void report(List<Finding> batch, boolean atExit) {
        for (Finding f : batch) {
            if (findings.size() < MAX_FINDINGS && CiRunPage.isLeak(f)) {
                findings.add(f);
            }
        }
    }

    /** After the exit report; never throws (the JVM is exiting, the other reports are out). */
    public synchronized void write() {
        try {
            String subtitle = "generated " + Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z") + " by leakguard "
                    + agent + " (mode ci)";
            HtmlFile.write(path, HtmlPage.render(CiRunPage.build(findings, CiVerdicts.failedTests(),
                    CiVerdicts.failedCount(), subtitle)));
        } catch (Throwable t) {
            AgentErrors.record("report.html", t);
            err.println("leakguard: report.html not written: " + Text.line(path.toString()) + ": "
                    + Text.line(String.valueOf(t.getMessage())));
        }
    }
}

package io.leakguard.agent.report.html;

import java.util.List;

/**
 * Everything one HTML report shows, built from a ci run's findings and verdicts or from a live
 * JVM's open records, and rendered by {@link HtmlPage} the same way for both.
 */
public final class ReportPage {
    /** "ci run" or "live JVM 1234". */
    public final String title;
    /** One line under the title: when, which agent, which mode. */
    public final String subtitle;
    /** The tests that failed for a leak, in order; null when the page is not about a test run. */
    public final List<String> failedTests;
    /** How many tests failed (may exceed failedTests when the list was capped). */
    public final int failedCount;
    /** The heading of the sites' part: "Leak sites" or "Open resources by site". */
    public final String sitesHeading;
    public final List<PageSite> sites;
    /** Further plain lists after the sites (findings so far, descriptors open before the attach). */
    public final List<Section> sections;

    /** A titled list of lines. */
    public static final class Section {
        public final String id;
        public final String title;
        public final List<String> lines;

        public Section(String id, String title, List<String> lines) {
            this.id = id;
            this.title = title;
            this.lines = copy(lines);
        }
    }

    public ReportPage(String title, String subtitle, List<String> failedTests, int failedCount, String sitesHeading,
                      List<PageSite> sites, List<Section> sections) {
        this.title = title;
        this.subtitle = subtitle;
        this.failedTests = failedTests == null ? null : copy(failedTests);
        this.failedCount = failedCount;
        this.sitesHeading = sitesHeading;
        this.sites = List.copyOf(sites);
        this.sections = List.copyOf(sections);
    }

    /** An unmodifiable copy in which a null entry (text the application never gave) reads "null". */
    static List<String> copy(List<String> in) {
        List<String> out = new java.util.ArrayList<>(in.size());
        for (String s : in) {
            out.add(String.valueOf(s));
        }
        return java.util.Collections.unmodifiableList(out);
    }
}

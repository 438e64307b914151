package io.leakguard.agent.report.html;

import java.util.List;

/** One acquisition site on the page: what leaked (or is open) there, how much, how old, which tests. */
public final class PageSite {
    /** file, jdbc, socket, lock. */
    public final String family;
    /** file, connection, statement, socket, ReentrantLock ... */
    public final String type;
    /** The acquisition line, "class.method(File.java:42)". */
    public final String site;
    /** What is wrong there: "definite", "open-at-exit", "failed a test", or a live status ("warn"). */
    public final String status;
    public final int count;
    /** Age of the oldest of them; negative when not known. */
    public final long oldestAgeMillis;
    public final String thread;
    /** The tests that failed for a leak here (ci); empty for none, or off ci. */
    public final List<String> tests;
    /** A few of the resources' (already redacted) descriptions. */
    public final List<String> resources;
    public final List<String> stack;

    public PageSite(String family, String type, String site, String status, int count, long oldestAgeMillis,
                    String thread, List<String> tests, List<String> resources, List<String> stack) {
        this.family = String.valueOf(family);
        this.type = String.valueOf(type);
        this.site = String.valueOf(site);
        this.status = String.valueOf(status);
        this.count = count;
        this.oldestAgeMillis = oldestAgeMillis;
        this.thread = String.valueOf(thread);
        this.tests = ReportPage.copy(tests);
        this.resources = ReportPage.copy(resources);
        this.stack = ReportPage.copy(stack);
    }
}

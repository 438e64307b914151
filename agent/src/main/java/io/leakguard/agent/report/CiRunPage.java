package io.leakguard.agent.report;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.report.html.PageSite;
import io.leakguard.agent.report.html.ReportPage;
import io.leakguard.bootstrap.CiVerdicts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ci run as one page: its leak findings (what report.json holds) merged by family and site with
 * the tests that failed for a leak there ({@link CiVerdicts}: report.json knows no test). A site
 * reported several times (warn, then definite, then open at exit) is one entry with its largest
 * count and age. Sites where tests failed come first.
 */
final class CiRunPage {
    private static final int MAX_RESOURCES = 3;

    private CiRunPage() {
    }

    /** One site while it is being merged. */
    private static final class Entry {
        final String family;
        final String site;
        String type;
        String thread;
        final Set<String> kinds = new LinkedHashSet<>();
        int findingCount;
        int verdictCount;
        long oldest = -1;
        final Set<String> tests = new LinkedHashSet<>();
        final Set<String> resources = new LinkedHashSet<>();
        List<String> stack = List.of();

        Entry(String family, String site) {
            this.family = family;
            this.site = site;
        }

        void resources(List<String> rs) {
            for (String r : rs) {
                if (resources.size() < MAX_RESOURCES) {
                    resources.add(r);
                }
            }
        }

        void stack(List<String> s) {
            // The first real stack: a repeat report carries "(stack as first reported ...)" only.
            if (stack.isEmpty() && !s.isEmpty() && !(s.size() == 1 && s.get(0).startsWith("("))) {
                stack = s;
            }
        }
    }

    static boolean isLeak(Finding f) {
        return f.threads.isEmpty() && (f.kind == Finding.Kind.WARN || f.kind == Finding.Kind.CRITICAL
                || f.kind == Finding.Kind.DEFINITE || f.kind == Finding.Kind.OPEN_AT_EXIT
                || f.kind == Finding.Kind.RECLAIMED);
    }

    static ReportPage build(List<Finding> findings, List<CiVerdicts.Failed> failed, int failedCount, String subtitle) {
        Map<String, Entry> sites = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (!isLeak(f)) {
                continue;
            }
            Entry e = sites.computeIfAbsent(f.family + ' ' + f.site, k -> new Entry(f.family, f.site));
            e.kinds.add(f.kind.id);
            e.findingCount = Math.max(e.findingCount, f.count);
            if (f.oldestAgeMillis > e.oldest || e.thread == null) {
                e.thread = f.thread;
            }
            e.oldest = Math.max(e.oldest, f.oldestAgeMillis);
            e.type = e.type == null ? f.type : e.type;
            e.resources(f.resources);
            e.stack(f.stack);
        }
        List<String> tests = new ArrayList<>();
        for (CiVerdicts.Failed t : failed) {
            tests.add(t.test);
            for (CiVerdicts.Leak l : t.leaks) {
                Entry e = sites.computeIfAbsent(l.family + ' ' + l.site, k -> new Entry(l.family, l.site));
                e.tests.add(t.test);
                e.verdictCount++;
                if (e.thread == null) {
                    e.thread = l.thread;
                }
                e.oldest = Math.max(e.oldest, l.ageMillis);
                e.type = e.type == null ? l.type : e.type;
                e.resources(List.of(l.resource));
                e.stack(l.stack);
            }
        }
        List<PageSite> out = new ArrayList<>();
        for (Entry e : sites.values()) {
            List<String> status = new ArrayList<>(e.kinds);
            if (!e.tests.isEmpty()) {
                status.add(0, e.tests.size() == 1 ? "failed a test" : "failed " + e.tests.size() + " tests");
            }
            out.add(new PageSite(e.family, e.type, e.site, String.join(", ", status), Math.max(e.findingCount, e.verdictCount),
                    e.oldest, e.thread, new ArrayList<>(e.tests), new ArrayList<>(e.resources), e.stack));
        }
        out.sort(Comparator.comparingInt((PageSite s) -> -s.tests.size()).thenComparingInt(s -> -s.count)
                .thenComparing(s -> s.site));
        return new ReportPage("ci run", subtitle, tests, failedCount, "Leak sites", out, List.of());
    }
}

package io.leakguard.agent.report;

import io.leakguard.agent.config.Durations;
import io.leakguard.agent.finding.FindingTally;
import io.leakguard.agent.report.html.HtmlPage;
import io.leakguard.agent.report.html.PageSite;
import io.leakguard.agent.report.html.ReportPage;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.OpenRecords;
import io.leakguard.bootstrap.QuotaWaits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the process holds right now, for the on-call engineer (`report <pid>`): open resources
 * grouped by acquisition site, oldest first, with counts, ages and status; the definite leaks
 * and reclaims so far; and the descriptors that were already open when leakguard attached.
 */
public final class LiveReport {
    private LiveReport() {
    }

    private static final class Row {
        final String family;
        final String type;
        final String site;
        final String thread;
        int count;
        long oldestMillis;
        String example;
        /** The site's stack (once per site), for the HTML page. */
        final String[] stack;

        Row(Record r) {
            family = r.familyName();
            type = r.type();
            site = r.site().frame;
            thread = r.threadName;
            example = r.describe();
            stack = r.stackLines();
        }
    }

    public static String render(ScanState scanner, String family, boolean json, Map<Integer, String> fdsAtAttach) {
        return render(scanner, family, json ? "json" : "text", fdsAtAttach, "live JVM", "");
    }

    /**
     * format: text, json or html; title names the JVM on the HTML page ("live JVM 1234"), and
     * subtitle says when and by which agent.
     */
    public static String render(ScanState scanner, String family, String format, Map<Integer, String> fdsAtAttach,
                                String title, String subtitle) {
        long now = System.nanoTime();
        Map<String, Row> rows = new LinkedHashMap<>();
        int total = 0;
        for (Record r : OpenRecords.snapshot()) {
            if (r.get() == null || r.closedByParent() || scanner.isIgnored(r)) {
                continue;
            }
            if (family != null && !family.equals(r.familyName())) {
                continue;
            }
            total++;
            Row row = rows.computeIfAbsent(r.type() + '|' + r.site().frame, k -> new Row(r));
            row.count++;
            row.oldestMillis = Math.max(row.oldestMillis, r.ageMillis(now));
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort((a, b) -> Long.compare(b.oldestMillis, a.oldestMillis));
        List<String> before = new ArrayList<>();
        if (fdsAtAttach != null && (family == null || family.equals("file") || family.equals("socket"))) {
            Map<Integer, String> current = ProcFds.read();
            for (Map.Entry<Integer, String> e : fdsAtAttach.entrySet()) {
                if (e.getValue().equals(current.get(e.getKey()))) {
                    before.add(e.getKey() + " -> " + e.getValue());
                }
            }
        }
        if ("html".equals(format)) {
            return HtmlPage.render(page(sorted, scanner, before, title, subtitle));
        }
        return "json".equals(format) ? json(sorted, scanner, before) : text(sorted, total, scanner, before);
    }

    /** The same rows as the text report, as the HTML page's model (the ci report's renderer). */
    private static ReportPage page(List<Row> rows, ScanState scanner, List<String> before, String title, String subtitle) {
        List<PageSite> sites = new ArrayList<>();
        for (Row r : rows) {
            sites.add(new PageSite(r.family, r.type, r.site, status(scanner, r.oldestMillis), r.count, r.oldestMillis,
                    r.thread, List.of(), r.example == null ? List.of() : List.of(r.example),
                    r.stack == null ? List.of() : Arrays.asList(r.stack)));
        }
        List<ReportPage.Section> sections = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (FindingTally h : scanner.history()) {
            history.add("[" + h.kind + "] " + h.count + " x " + h.type + " at " + h.site);
        }
        if (!history.isEmpty()) {
            sections.add(new ReportPage.Section("findings", "Findings so far", history));
        }
        if (!before.isEmpty()) {
            List<String> fds = new ArrayList<>();
            for (String b : before) {
                fds.add("fd " + b);
            }
            sections.add(new ReportPage.Section("before-attach", "Open before leakguard attached (" + before.size()
                    + " descriptors, not tracked)", fds));
        }
        return new ReportPage(title, subtitle, null, 0, "Open resources by site (oldest first)", sites, sections);
    }

    private static String status(ScanState scanner, long age) {
        if (scanner.criticalMillis() > 0 && age >= scanner.criticalMillis()) {
            return "critical";
        }
        if (scanner.warnMillis() > 0 && age >= scanner.warnMillis()) {
            return "warn";
        }
        return "ok";
    }

    private static String text(List<Row> rows, int total, ScanState scanner, List<String> before) {
        StringBuilder sb = new StringBuilder();
        sb.append("leakguard: ").append(total).append(" open resources at ").append(rows.size())
                .append(" sites (oldest first)\n");
        sb.append(String.format("%-9s %-11s %6s %12s  %s%n", "status", "type", "count", "oldest", "acquired at (thread)"));
        for (Row r : rows) {
            sb.append(String.format("%-9s %-11s %6d %12s  %s (%s)%n", status(scanner, r.oldestMillis), Text.line(r.type), r.count,
                    Durations.human(r.oldestMillis), Text.line(r.site), Text.line(r.thread)));
            sb.append("          e.g. ").append(Text.line(r.example)).append('\n');
        }
        List<FindingTally> history = scanner.history();
        if (!history.isEmpty()) {
            sb.append("findings so far:\n");
            for (FindingTally h : history) {
                sb.append(String.format("  [%s] %s x %s at %s%n", h.kind, h.count, Text.line(h.type), Text.line(h.site)));
            }
        }
        List<String> waiting = QuotaWaits.describe();
        if (!waiting.isEmpty()) {
            sb.append("waiting for a quota slot (quota.wait): ").append(waiting.size()).append(waiting.size() == 1 ? " thread\n" : " threads\n");
            for (String w : waiting) {
                sb.append("  ").append(Text.line(w)).append('\n');
            }
        }
        if (!before.isEmpty()) {
            sb.append("open before leakguard attached (").append(before.size()).append(" descriptors, not tracked):\n");
            for (String b : before) {
                sb.append("  fd ").append(Text.line(b)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String json(List<Row> rows, ScanState scanner, List<String> before) {
        StringBuilder sb = new StringBuilder("{\"schema\":\"leakguard.open/1\",\"open\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append('{');
            Json.field(sb, "status", status(scanner, r.oldestMillis));
            sb.append(',');
            Json.field(sb, "family", r.family);
            sb.append(',');
            Json.field(sb, "type", r.type);
            sb.append(',');
            Json.field(sb, "site", r.site);
            sb.append(',');
            Json.field(sb, "count", r.count);
            sb.append(',');
            Json.field(sb, "oldestAgeMillis", r.oldestMillis);
            sb.append(',');
            Json.field(sb, "thread", r.thread);
            sb.append(',');
            Json.field(sb, "example", r.example);
            sb.append('}');
        }
        sb.append("],\"findings\":[");
        List<FindingTally> history = scanner.history();
        for (int i = 0; i < history.size(); i++) {
            FindingTally h = history.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append('{');
            Json.field(sb, "kind", h.kind);
            sb.append(',');
            Json.field(sb, "type", h.type);
            sb.append(',');
            Json.field(sb, "site", h.site);
            sb.append(',');
            Json.field(sb, "count", (long) h.count);
            sb.append('}');
        }
        sb.append("],");
        Json.array(sb, "quotaWaiting", QuotaWaits.describe());
        sb.append(',');
        Json.array(sb, "openBeforeAttach", before);
        sb.append("}\n");
        return sb.toString();
    }
}

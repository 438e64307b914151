package io.leakguard.agent.report.html;

import io.leakguard.agent.config.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one renderer of the HTML report (the ci run's report.html and {@code report <pid> --html}):
 * a single self-contained page, styles inline, no script and nothing fetched (its Content
 * Security Policy forbids both, so even text that escaped escaping could not run or call out).
 * Summary first, then one block per site with its stack folded in a {@code <details>}. Every
 * string of the model goes through {@link Html#escape}.
 */
public final class HtmlPage {
    private HtmlPage() {
    }

    private static final String STYLE = String.join("\n",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d232a;background:#f5f6f8}",
            "header{background:#22303e;color:#fff;padding:14px 24px}",
            "header h1{margin:0;font-size:20px}header p{margin:2px 0 0;color:#c3ccd6}",
            "main{padding:8px 24px 32px;max-width:1200px}",
            "h2{font-size:17px;margin:22px 0 8px}",
            ".cards{display:flex;gap:12px;margin:0;flex-wrap:wrap}",
            ".cards div{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 16px;min-width:130px}",
            ".cards dt{color:#5b6670;font-size:12px;text-transform:uppercase;letter-spacing:.04em}",
            ".cards dd{margin:0;font-size:26px;font-weight:600}",
            ".bad{color:#b3261e}",
            "table{border-collapse:collapse;background:#fff;margin-top:12px}",
            "th,td{border:1px solid #dde1e6;padding:4px 12px;text-align:left}th{background:#eef0f3}",
            "td.n{text-align:right}",
            "ul.failed{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 8px 8px 28px;margin:8px 0}",
            "code,pre{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;font-size:12.5px}",
            ".site{background:#fff;border:1px solid #dde1e6;border-left:4px solid #7a8794;border-radius:6px;padding:8px 14px;margin:10px 0}",
            ".site.file{border-left-color:#1f6feb}.site.jdbc{border-left-color:#8250df}",
            ".site.socket,.site.serversocket{border-left-color:#bf8700}.site.lock{border-left-color:#cf222e}",
            ".site h3{margin:0 0 4px;font-size:14px;font-weight:600;word-break:break-all}",
            ".fam{display:inline-block;font-size:11px;border-radius:10px;padding:0 8px;margin-right:6px;background:#eef0f3;color:#3d4852}",
            ".facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0}",
            ".facts dt{color:#5b6670}.facts dd{margin:0;word-break:break-all}",
            ".facts ul{margin:0;padding-left:18px}",
            "details summary{cursor:pointer;color:#1f6feb;margin-top:4px}",
            "pre{background:#f6f8fa;border:1px solid #e3e6ea;padding:8px;overflow-x:auto;margin:6px 0 2px}",
            ".none{color:#5b6670}");

    public static String render(ReportPage page) {
        StringBuilder sb = new StringBuilder(8192 + 2048 * page.sites.size());
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
          .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
          .append("<title>leakguard: ").append(Html.escape(page.title)).append("</title>\n")
          .append("<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n")
          .append("<header><h1>leakguard: ").append(Html.escape(page.title)).append("</h1><p>")
          .append(Html.escape(page.subtitle)).append("</p></header>\n<main>\n");
        summary(sb, page);
        sb.append("<section id=\"sites\">\n<h2>").append(Html.escape(page.sitesHeading)).append("</h2>\n");
        if (page.sites.isEmpty()) {
            sb.append("<p class=\"none\">None.</p>\n");
        }
        for (int i = 0; i < page.sites.size(); i++) {
            site(sb, page.sites.get(i), i + 1, page.failedTests != null);
        }
        sb.append("</section>\n");
        for (ReportPage.Section s : page.sections) {
            sb.append("<section id=\"").append(Html.escape(s.id)).append("\">\n<h2>").append(Html.escape(s.title))
              .append("</h2>\n<ul>\n");
            for (String line : s.lines) {
                sb.append("<li><code>").append(Html.escape(line)).append("</code></li>\n");
            }
            sb.append("</ul>\n</section>\n");
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void summary(StringBuilder sb, ReportPage page) {
        int resources = 0;
        // family -> {sites, resources}, in the order the families first appear.
        Map<String, int[]> families = new LinkedHashMap<>();
        for (PageSite s : page.sites) {
            resources += s.count;
            int[] f = families.computeIfAbsent(s.family, k -> new int[2]);
            f[0]++;
            f[1] += s.count;
        }
        sb.append("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"cards\">\n");
        if (page.failedTests != null) {
            card(sb, "tests-failed", "Tests failed", page.failedCount, page.failedCount > 0);
        }
        card(sb, "site-count", page.failedTests != null ? "Leak sites" : "Sites", page.sites.size(), false);
        card(sb, "resource-count", "Resources", resources, false);
        sb.append("</dl>\n");
        if (!families.isEmpty()) {
            sb.append("<table id=\"by-family\">\n<thead><tr><th>Family</th><th>Sites</th><th>Resources</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, int[]> e : families.entrySet()) {
                sb.append("<tr><td>").append(Html.escape(e.getKey())).append("</td><td class=\"n\">").append(e.getValue()[0])
                  .append("</td><td class=\"n\">").append(e.getValue()[1]).append("</td></tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }
        if (page.failedTests != null && !page.failedTests.isEmpty()) {
            sb.append("<h2>Tests that failed</h2>\n<ul class=\"failed\" id=\"failed-tests\">\n");
            for (String t : page.failedTests) {
                sb.append("<li><code>").append(Html.escape(t)).append("</code>");
                List<String> links = new ArrayList<>();
                for (int i = 0; i < page.sites.size(); i++) {
                    if (page.sites.get(i).tests.contains(t)) {
                        links.add("<a href=\"#site-" + (i + 1) + "\">" + Html.escape(page.sites.get(i).site) + "</a>");
                    }
                }
                if (!links.isEmpty()) {
                    sb.append(": ").append(String.join(", ", links));
                }
                sb.append("</li>\n");
            }
            if (page.failedCount > page.failedTests.size()) {
                sb.append("<li class=\"none\">... and ").append(page.failedCount - page.failedTests.size())
                  .append(" more</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("</section>\n");
    }

    private static void card(StringBuilder sb, String id, String label, int value, boolean bad) {
        sb.append("<div><dt>").append(label).append("</dt><dd id=\"").append(id).append('"')
          .append(bad ? " class=\"bad\"" : "").append('>').append(value).append("</dd></div>\n");
    }

    private static void site(StringBuilder sb, PageSite s, int n, boolean withTests) {
        sb.append("<article class=\"site ").append(Html.escape(cssWord(s.family))).append("\" id=\"site-").append(n)
          .append("\" data-family=\"").append(Html.escape(s.family)).append("\">\n<h3><span class=\"fam\">")
          .append(Html.escape(s.family)).append("</span><code class=\"line\">").append(Html.escape(s.site))
          .append("</code></h3>\n<dl class=\"facts\">\n");
        fact(sb, "count", s.count + " " + Html.escape(s.type) + (s.count == 1 || s.type.endsWith("s") ? "" : "s"));
        fact(sb, "status", Html.escape(s.status));
        fact(sb, "oldest", s.oldestAgeMillis < 0 ? "unknown" : Html.escape(Durations.human(s.oldestAgeMillis)));
        fact(sb, "thread", "<code>" + Html.escape(s.thread) + "</code>");
        if (withTests) {
            fact(sb, "tests", s.tests.isEmpty() ? "<span class=\"none\">none failed here (found outside a test's judgement)</span>"
                    : list("tests", s.tests));
        }
        fact(sb, "resources", s.resources.isEmpty() ? "<span class=\"none\">none described</span>" : list("resources", s.resources));
        sb.append("</dl>\n");
        if (!s.stack.isEmpty()) {
            sb.append("<details class=\"stack\"><summary>stack (").append(s.stack.size())
              .append(s.stack.size() == 1 ? " line" : " lines").append(")</summary><pre>");
            for (String line : s.stack) {
                sb.append(line.startsWith("(") ? "" : "at ").append(Html.escape(line)).append('\n');
            }
            sb.append("</pre></details>\n");
        }
        sb.append("</article>\n");
    }

    private static void fact(StringBuilder sb, String name, String html) {
        sb.append("<dt>").append(name).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static String list(String cls, List<String> items) {
        StringBuilder sb = new StringBuilder("<ul class=\"").append(cls).append("\">");
        for (String i : items) {
            sb.append("<li><code>").append(Html.escape(i)).append("</code></li>");
        }
        return sb.append("</ul>").toString();
    }

    /** A family as a class name: letters only (the family is ours, but the page trusts nothing). */
    private static String cssWord(String family) {
        return family == null ? "" : family.replaceAll("[^a-z]", "");
    }
}

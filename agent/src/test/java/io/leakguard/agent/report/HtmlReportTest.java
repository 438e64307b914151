package io.leakguard.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.agent.finding.Finding;
import io.leakguard.agent.report.html.Html;
import io.leakguard.agent.report.html.HtmlPage;
import io.leakguard.agent.report.html.ReportPage;
import io.leakguard.bootstrap.CiVerdicts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The HTML report's renderer and the ci run's page model. The page is written as well-formed
 * markup (every element closed), so a plain XML parser reads it back: text that tried to open
 * a tag, close an attribute or start an entity must come back as the same text, in the element
 * it was put in, with no element of its own.
 */
class HtmlReportTest {
    private static final String HOSTILE_PATH = "/tmp/a<script>alert(1)</script>&amp;\"'><img src=x onerror=alert(2)>.txt";
    private static final String HOSTILE_TEST = "sample.T.<b>bold</b>\" onmouseover=\"x";
    private static final String HOSTILE_SITE = "sample.T.leak(T.java:12)</code></h3><script>x()</script>";
    private static final String HOSTILE_STACK = "sample.Evil.</pre><iframe src=\"https://example.invalid\"></iframe>(E.java:1)";

    private static Finding finding(Finding.Kind kind, String family, String site, int count, long age, List<String> resources,
                                   List<String> stack) {
        return new Finding(kind, family, family.equals("jdbc") ? "connection" : family, site, count, age, "main",
                resources, stack, 0L, "reported");
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> byClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if ((" " + e.getAttribute("class") + " ").contains(" " + cls + " ")) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element byId(Document d, String id) {
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element #" + id);
    }

    private static ReportPage hostileRun() {
        List<Finding> findings = List.of(
                finding(Finding.Kind.WARN, "file", HOSTILE_SITE, 1, 300, List.of(HOSTILE_PATH), List.of("java.io.FileInputStream.<init>", HOSTILE_STACK)),
                finding(Finding.Kind.DEFINITE, "file", HOSTILE_SITE, 2, 900, List.of(HOSTILE_PATH), List.of("(stack as first reported for this site)")),
                finding(Finding.Kind.OPEN_AT_EXIT, "jdbc", "sample.Db.open(Db.java:7)", 1, 50,
                        List.of("connection jdbc:h2:mem:x user sa"), List.of("java.sql.DriverManager.getConnection", "sample.Db.open(Db.java:7)")),
                // Not a leak: the page leaves it out.
                finding(Finding.Kind.QUOTA_REFUSED, "jdbc", "sample.Db.more(Db.java:9)", 1, 0, List.of(), List.of()));
        List<CiVerdicts.Failed> failed = List.of(
                new CiVerdicts.Failed(HOSTILE_TEST, List.of(new CiVerdicts.Leak("file", "file", HOSTILE_SITE, HOSTILE_PATH, "main", 120,
                        new String[] {"java.io.FileInputStream.<init>", HOSTILE_STACK}))),
                new CiVerdicts.Failed("sample.T.holdsALock", List.of(new CiVerdicts.Leak("lock", "ReentrantLock",
                        "sample.T.holdsALock(T.java:40)", "java.util.concurrent.locks.ReentrantLock@1b2c3d", "main", 5,
                        new String[] {"sample.T.holdsALock(T.java:40)"}))));
        return CiRunPage.build(findings, failed, 2, "generated now & then <by> test");
    }

    @Test
    void everyStringIsEscapedAndComesBackAsTheSameText() throws Exception {
        String html = HtmlPage.render(hostileRun());
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img") || html.contains("<iframe") || html.contains("<b>"), html);
        Document d = parse(html);
        assertEquals(0, d.getElementsByTagName("script").getLength());
        assertEquals(0, d.getElementsByTagName("img").getLength());
        assertEquals(0, d.getElementsByTagName("iframe").getLength());
        List<Element> sites = byClass(d, "article", "site");
        assertEquals(3, sites.size(), html);
        List<String> lines = new ArrayList<>();
        for (Element e : byClass(d, "code", "line")) {
            lines.add(e.getTextContent());
        }
        assertTrue(lines.contains(HOSTILE_SITE), lines.toString());
        assertTrue(html.contains(Html.escape(HOSTILE_PATH)) && d.getDocumentElement().getTextContent().contains(HOSTILE_PATH));
        assertTrue(d.getDocumentElement().getTextContent().contains(HOSTILE_TEST));
        assertTrue(byId(d, "sites").getTextContent().contains(HOSTILE_STACK));
        // No attribute took in any of it: only the renderer's own attributes exist.
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (int a = 0; a < e.getAttributes().getLength(); a++) {
                String name = e.getAttributes().item(a).getNodeName();
                assertTrue(List.of("lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "data-family")
                        .contains(name), "attribute " + name + " on " + e.getTagName());
            }
        }
        // Nothing to fetch: the only links are to the page's own sites.
        NodeList links = d.getElementsByTagName("a");
        for (int i = 0; i < links.getLength(); i++) {
            assertTrue(((Element) links.item(i)).getAttribute("href").startsWith("#site-"));
        }
        assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"), html);
    }

    @Test
    void controlAndBidiCharactersAreShownNotObeyed() {
        assertEquals("a\\u202eb\\u0007c\\u2028\ufffd", Html.escape("a\u202eb\u0007c\u2028\ud800"));
        assertEquals("&lt;&gt;&amp;&quot;&#39;", Html.escape("<>&\"'"));
        assertEquals("\ud83d\ude00 ok", Html.escape("\ud83d\ude00 ok"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void summaryFirstThenEachSiteWithItsTestsAndAFoldedStack() throws Exception {
        String html = HtmlPage.render(hostileRun());
        assertTrue(html.indexOf("id=\"summary\"") < html.indexOf("id=\"sites\""), "summary first");
        Document d = parse(html);
        assertEquals("2", byId(d, "tests-failed").getTextContent());
        assertEquals("3", byId(d, "site-count").getTextContent());
        // The file site: reported warn (1), then definite (2 in all), and failed one test: one entry.
        Element first = byClass(d, "article", "site").get(0);
        assertEquals(HOSTILE_SITE, byClass(d, "code", "line").get(0).getTextContent());
        String facts = first.getTextContent();
        assertTrue(facts.contains("2 files") && facts.contains("failed a test") && facts.contains("warn, definite")
                && facts.contains("900 ms") && facts.contains(HOSTILE_TEST), facts);
        NodeList details = first.getElementsByTagName("details");
        assertEquals(1, details.getLength());
        assertFalse(((Element) details.item(0)).hasAttribute("open"), "folded until clicked");
        assertTrue(details.item(0).getTextContent().contains("at java.io.FileInputStream.<init>"), "the real stack, not the repeat's placeholder");
        // The lock site exists from the verdict alone (report.json has no finding for a held lock).
        assertTrue(byId(d, "sites").getTextContent().contains("sample.T.holdsALock(T.java:40)"));
        Element family = byId(d, "by-family");
        assertTrue(family.getTextContent().contains("file") && family.getTextContent().contains("jdbc")
                && family.getTextContent().contains("lock"), family.getTextContent());
        // Each failed test links to its site.
        Element tests = byId(d, "failed-tests");
        assertEquals(2, tests.getElementsByTagName("li").getLength());
        assertEquals("#site-1", ((Element) tests.getElementsByTagName("a").item(0)).getAttribute("href"));
        assertFalse(html.contains("sample.Db.more"), "a quota refusal is no leak site");
    }

    @Test
    void anEmptyRunSaysSo() throws Exception {
        String html = HtmlPage.render(CiRunPage.build(List.of(), List.of(), 0, "nothing"));
        Document d = parse(html);
        assertEquals("0", byId(d, "tests-failed").getTextContent());
        assertTrue(byId(d, "sites").getTextContent().contains("None."));
    }
}

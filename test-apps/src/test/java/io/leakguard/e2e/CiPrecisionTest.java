package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Issue 18's proof: ci mode fails exactly the tests that truly leak, each at the line that leaked.
 * Builds src/it/ci-precision-sample (one test class per rule; real HikariCP, DBCP2, H2) offline
 * under the built agent in ci mode, twice: as configured (JUnit parallel execution on, one class's
 * methods concurrent) and with every class and method concurrent. In both builds every
 * {@code mustFail...} test must fail with leakguard's failure naming each line marked
 * {@code // leak: site} in it as "acquired at" (or, for {@code // leak: stack}, somewhere in the
 * failure's stack), and exactly as many resources as it has markers; every {@code mustPass...}
 * test must pass. The two builds must name the same lines (rule 7). The expectations are read from
 * the sample's sources, so a new case needs no change here.
 *
 * <p>{@link #KNOWN_FAILING} lists the tests today's agent gets wrong (see
 * /work/notes/precision-diagnosis.md); they are reported, not asserted. Empty it as the rules land.
 */
@Isolated("runs Maven builds")
class CiPrecisionTest {
    private static final Path SAMPLE = Paths.get("src/it/ci-precision-sample").toAbsolutePath();
    private static final Path SOURCES = SAMPLE.resolve("src/test/java");

    /**
     * The judgments today's agent gets wrong: "Class.method" (wrong in some build),
     * "[build] Class.method", or "[build] *" for a whole build. Reported, not asserted. Never add
     * to it to make a regression pass.
     *
     * <p>Two intermittent misses, only in the build where every class and method runs at once: a
     * DBCP2 borrow left open after the pool's close() (seen once in about ten full runs) and a
     * connection opened outside the managed transaction (seen twice while rules 1-2 were written)
     * sometimes passed. Both are exposed to the race {@link
     * #aLeakStillOnItsWayToTheCollectedQueueWhenItsTestEndsFailsIt} proves (with each move of a
     * collected record slowed to 30 ms, both passed in some runs before its fix, none after; twelfth
     * session, docs/ci-precision.md), most likely their cause; listed until right every time.
     */
    static final Set<String> KNOWN_FAILING = Set.of(
            "[all concurrent] Rule1ReleasedByAnyPathTest.mustFailDbcp2CloseLeavesBorrowedConnectionsOpen",
            "[all concurrent] Rule2OnlyRealAcquisitionsTest.mustFailAConnectionOpenedOutsideTheTransaction");

    static boolean knownFailing(String build, String key) {
        return KNOWN_FAILING.contains(key) || KNOWN_FAILING.contains("[" + build + "] " + key)
                || KNOWN_FAILING.contains("[" + build + "] *");
    }

    /** A test method (void) or test factory (Stream<DynamicTest>, say) whose name says what it must do. */
    private static final Pattern TEST_METHOD = Pattern.compile("^\\s+(?:[\\w.<>?,\\[\\] ]+\\s)?[\\w.<>?,\\[\\]]+\\s+(must(?:Fail|Pass)\\w*)\\s*\\(");
    /** A member of a top-level class (the sample is indented by four): where a test method ends. */
    private static final Pattern MEMBER = Pattern.compile("^ {4}[^ @}/*]");
    private static final Pattern MARKER = Pattern.compile("//\\s*leak:\\s*(site|stack)\\b");
    private static final Pattern COUNT = Pattern.compile("leakguard: this test leaked (\\d+) resources?");

    /** A sample test and what it must do. */
    static final class Expected {
        final String className;
        final String fileName;
        final String method;
        final List<Integer> siteLines = new ArrayList<>();
        final List<Integer> stackLines = new ArrayList<>();

        Expected(String className, String fileName, String method) {
            this.className = className;
            this.fileName = fileName;
            this.method = method;
        }

        boolean mustFail() {
            return method.startsWith("mustFail");
        }

        String key() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + method;
        }
    }

    /** A test's outcome in one build: passed, or the text of its failure (own or its class's). */
    static final class Outcome {
        final boolean failed;
        final String message;

        Outcome(boolean failed, String message) {
            this.failed = failed;
            this.message = message;
        }
    }

    @Test
    void mustFailTestsFailAtTheirLinesAndMustPassTestsPassAlsoInParallel() throws Exception {
        List<Expected> expected = expectations();
        assertTrue(expected.size() > 20, "sample tests found: " + expected.size());

        Map<String, Map<String, Outcome>> runs = new LinkedHashMap<>();
        runs.put("as configured", build(List.of()));
        runs.put("all concurrent", build(List.of("-Djunit.jupiter.execution.parallel.mode.default=concurrent",
                "-Djunit.jupiter.execution.parallel.mode.classes.default=concurrent")));

        List<String> problems = new ArrayList<>();
        Set<String> stillKnown = new TreeSet<>();
        Map<String, String> firstSites = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Outcome>> run : runs.entrySet()) {
            for (Expected e : expected) {
                String wrong = judge(e, run.getValue().get(e.className + "#" + e.method));
                if (knownFailing(run.getKey(), e.key())) {
                    if (wrong != null) {
                        stillKnown.add(e.key());
                        stillKnown.add("[" + run.getKey() + "] " + e.key());
                    }
                    continue;
                }
                if (wrong != null) {
                    problems.add("[" + run.getKey() + "] " + e.key() + ": " + wrong);
                    continue;
                }
                Outcome o = run.getValue().get(e.className + "#" + e.method);
                String sites = o.failed ? namedSites(o.message, e.fileName).toString() : "passed";
                String before = firstSites.putIfAbsent(e.key(), sites);
                if (before != null && !before.equals(sites)) {
                    problems.add("[" + run.getKey() + "] " + e.key() + ": not deterministic (rule 7): " + before
                            + " then " + sites);
                }
            }
        }
        Set<String> fixed = new TreeSet<>();
        for (String k : KNOWN_FAILING) {
            boolean wildcard = k.endsWith("] *");
            boolean used = wildcard ? stillKnown.stream().anyMatch(s -> s.startsWith(k.substring(0, k.length() - 1)))
                    : stillKnown.contains(k);
            if (!used) {
                fixed.add(k);
            }
        }
        stillKnown.removeIf(k -> !k.startsWith("["));
        System.out.println("CiPrecisionTest: known failing and still wrong: " + stillKnown);
        if (!fixed.isEmpty()) {
            System.out.println("CiPrecisionTest: in KNOWN_FAILING but right in both builds this time (remove once right every time): " + fixed);
        }
        assertTrue(problems.isEmpty(), problems.size() + " tests judged wrong:\n" + String.join("\n\n", problems));
    }

    /**
     * A leak the GC took just before its test ended and the scanner is still moving from the
     * table to the collected list when the test is judged (a scanner thread descheduled mid-move,
     * on a busy machine): a look in between saw it in neither place and the test passed (once in
     * CI, Rule5ClassOwnedTest.mustFailOwnLeakNextToTheFixture in the all-concurrent build). A debug
     * switch makes each move last 800 ms: Rule7's test drops its stream and collects it ~450 ms
     * before it ends, so its judgement falls inside the move.
     */
    @Test
    void aLeakStillOnItsWayToTheCollectedQueueWhenItsTestEndsFailsIt() throws Exception {
        Map<String, Outcome> run = build(List.of("-Dtest=Rule7DeterministicTest",
                "-Dleakguard.jvm=-Dio.leakguard.debug.collected-move-pause-ms=800"));
        Expected e = expectations().stream()
                .filter(x -> x.key().equals("Rule7DeterministicTest.mustFailLeakCollectedBeforeTheTestEnds"))
                .findFirst().orElseThrow();
        String wrong = judge(e, run.get(e.className + "#" + e.method));
        assertNull(wrong, wrong);
    }

    /** Null if the outcome is what the test must do; otherwise what went wrong. */
    static String judge(Expected e, Outcome o) {
        if (o == null) {
            return "not in the Surefire reports";
        }
        if (!e.mustFail()) {
            return o.failed ? "must pass, failed: " + o.message : null;
        }
        if (!o.failed) {
            return "must fail (it leaks), passed";
        }
        if (!o.message.contains("leakguard: ")) {
            return "must fail with leakguard's failure, failed otherwise: " + o.message;
        }
        for (int line : e.siteLines) {
            if (!Pattern.compile("acquired at \\S+\\(" + Pattern.quote(e.fileName) + ":" + line + "\\)")
                    .matcher(o.message).find()) {
                return "must name " + e.fileName + ":" + line + " as acquired at: " + o.message;
            }
        }
        for (int line : e.stackLines) {
            if (!o.message.contains("(" + e.fileName + ":" + line + ")")) {
                return "the stack must reach " + e.fileName + ":" + line + ": " + o.message;
            }
        }
        Matcher count = COUNT.matcher(o.message);
        int markers = e.siteLines.size() + e.stackLines.size();
        if (count.find() && Integer.parseInt(count.group(1)) != markers) {
            return "must name exactly " + markers + " resource(s): " + o.message;
        }
        return null;
    }

    /** The "acquired at" frames of a failure in this test's file: what the run named. */
    private static Set<String> namedSites(String message, String fileName) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("acquired at \\S+\\((" + Pattern.quote(fileName) + ":\\d+)\\)").matcher(message);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every mustFail/mustPass method of the sample, with its markers, read from the sources. */
    static List<Expected> expectations() throws Exception {
        List<Expected> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            files = all.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String rel = SOURCES.relativize(file).toString().replace('/', '.');
            String className = rel.substring(0, rel.length() - ".java".length());
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Expected current = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher t = TEST_METHOD.matcher(line);
                if (t.find()) {
                    current = new Expected(className, file.getFileName().toString(), t.group(1));
                    out.add(current);
                } else if (MEMBER.matcher(line).find()) {
                    current = null; // markers outside a test method belong to no test
                }
                Matcher m = MARKER.matcher(line);
                if (m.find()) {
                    if (current == null || !current.mustFail()) {
                        throw new AssertionError("a leak marker outside a mustFail test: " + file + ":" + (i + 1));
                    }
                    (m.group(1).equals("site") ? current.siteLines : current.stackLines).add(i + 1);
                }
            }
        }
        for (Expected e : out) {
            if (e.mustFail() && e.siteLines.isEmpty() && e.stackLines.isEmpty()) {
                throw new AssertionError(e.key() + " must fail but marks no line with // leak:");
            }
        }
        return out;
    }

    /** Builds a fresh copy of the sample; "class#method" -> outcome. */
    private static Map<String, Outcome> build(List<String> extra) throws Exception {
        Path project = Files.createTempDirectory("ci-precision-sample");
        try (Stream<Path> all = Files.walk(SAMPLE)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = project.resolve(SAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "test", "-Dleakguard.agent=" + JvmRun.AGENT_JAR));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().keySet().removeIf(k -> k.startsWith("LEAKGUARD_"));
        Path log = project.resolve("build.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn timed out: " + log);
        }
        Path reports = project.resolve("target/surefire-reports");
        assertTrue(Files.isDirectory(reports), "no Surefire reports; the build:\n" + Files.readString(log));
        Map<String, Outcome> out = new LinkedHashMap<>();
        try (Stream<Path> xmls = Files.list(reports)) {
            for (Path xml : (Iterable<Path>) xmls.filter(x -> x.getFileName().toString().startsWith("TEST-")
                    && x.toString().endsWith(".xml"))::iterator) {
                read(xml, out);
            }
        }
        return out;
    }

    /**
     * One report. A failure the agent reports at the class's end (rule 5: a lazily created
     * fixture still open then) is not on the test's own testcase: it counts for every test of the
     * class whose marked line it names.
     */
    private static void read(Path xml, Map<String, Outcome> out) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> classLevel = new ArrayList<>();
        Map<String, Outcome> own = new LinkedHashMap<>();
        String suiteClass = null;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String cls = c.getAttribute("classname");
            String name = c.getAttribute("name").replaceAll("\\(.*$", "");
            suiteClass = cls;
            String text = problem(c);
            if (name.startsWith("mustFail") || name.startsWith("mustPass")) {
                // A @TestFactory's dynamic tests and the factory itself share the name: failed if any failed.
                own.merge(cls + "#" + name, new Outcome(text != null, text == null ? "" : text), (x, y) -> x.failed ? x : y);
            } else if (text != null) {
                classLevel.add(text);
            }
        }
        for (Map.Entry<String, Outcome> e : own.entrySet()) {
            Outcome o = e.getValue();
            String method = e.getKey().substring(e.getKey().indexOf('#') + 1);
            if (!o.failed && e.getKey().contains("#mustFail")) {
                for (String text : classLevel) {
                    if (text.contains(method)) {
                        o = new Outcome(true, text);
                    }
                }
            }
            if (!o.failed && e.getKey().contains("#mustPass")) {
                // A class-level failure that names a must-pass test's line fails that test too.
                for (String text : classLevel) {
                    if (text.contains("in test " + method + "(") || text.contains("in test lambda$" + method + "$")) {
                        o = new Outcome(true, text);
                    }
                }
            }
            out.put(e.getKey(), o);
        }
        if (suiteClass == null && !classLevel.isEmpty()) {
            throw new AssertionError(xml + ": " + classLevel);
        }
    }

    /** The failure's or error's message and text, or null when the testcase passed. */
    private static String problem(Element testcase) {
        for (String tag : new String[] {"failure", "error"}) {
            NodeList l = testcase.getElementsByTagName(tag);
            if (l.getLength() > 0) {
                Element f = (Element) l.item(0);
                return f.getAttribute("message") + "\n" + f.getTextContent();
            }
        }
        return null;
    }
}

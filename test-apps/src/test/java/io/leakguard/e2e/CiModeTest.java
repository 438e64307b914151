package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * ci mode through a real build: `mvn test` (offline) on a sample project set up as the README
 * says: the agent by its Maven coordinate, next to JaCoCo's agent in the same argLine. The tests
 * that leak fail, naming resource, line and thread; the others pass; JaCoCo still records
 * coverage; the report file lists the leaks; with the leaks fixed the build passes.
 */
@Isolated("runs Maven builds")
class CiModeTest {
    /** The copies of the sample project, one directory each; deleted after the class. */
    @TempDir
    static Path tmp;

    private static final Path SAMPLE = Paths.get("src/it/ci-sample").toAbsolutePath();

    /** The local repository the sample builds resolve from: the built agent plus ~/.m2. */
    private static Path repository;

    private static synchronized Path repository() throws Exception {
        if (repository == null) {
            repository = AgentRepository.create(Files.createTempDirectory(tmp, "m2"));
        }
        return repository;
    }

    private static Path copySample() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "ci-sample");
        try (Stream<Path> all = Files.walk(SAMPLE)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = dir.resolve(SAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    private static String mvn(Path project, Path jdk, List<String> extra, int[] exit) throws Exception {
        return mvn(project, jdk, extra, Map.of(), exit);
    }

    private static String mvn(Path project, Path jdk, List<String> extra, Map<String, String> env, int[] exit)
            throws Exception {
        String log = mvn(project, jdk, true, extra, env, exit);
        if (exit[0] != 0 && log.contains("offline mode")) {
            // A fresh local repository has not got the sample's plugins yet (JaCoCo's): once online.
            log = mvn(project, jdk, false, extra, env, exit);
        }
        return log;
    }

    private static String mvn(Path project, Path jdk, boolean offline, List<String> extra, Map<String, String> env,
            int[] exit) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "test", "-Dmaven.repo.local=" + repository(),
                "-Dleakguard.version=" + JvmRun.AGENT_VERSION));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("LEAKGUARD_"));
        pb.environment().putAll(env);
        Path log = project.resolve("build.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mvn timed out");
        exit[0] = p.exitValue();
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** test name -> failure message ("" when it passed), from Surefire's XML report. */
    private static Map<String, String> results(Path project, String testClass) throws Exception {
        return testcases(project, testClass, c -> {
            NodeList failures = c.getElementsByTagName("failure");
            return failures.getLength() == 0 ? "" : ((Element) failures.item(0)).getAttribute("message");
        });
    }

    /** Each test's time in seconds, as Surefire's report gives it. */
    private static Map<String, Double> times(Path project, String testClass) throws Exception {
        return testcases(project, testClass, c -> Double.parseDouble(c.getAttribute("time")));
    }

    /** test name -> what is read from its testcase element in Surefire's XML report. */
    private static <T> Map<String, T> testcases(Path project, String testClass, java.util.function.Function<Element, T> read)
            throws Exception {
        File xml = project.resolve("target/surefire-reports/TEST-" + testClass + ".xml").toFile();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml);
        Map<String, T> out = new TreeMap<>();
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            out.put(c.getAttribute("name"), read.apply(c));
        }
        return out;
    }

    private static int line(String marker) throws Exception {
        return line("LeakyTest", marker);
    }

    private static int line(String testClass, String marker) throws Exception {
        String path = testClass.contains("/") ? testClass : "sample/" + testClass;
        List<String> src = Files.readAllLines(SAMPLE.resolve("src/test/java/" + path + ".java"));
        for (int i = 0; i < src.size(); i++) {
            if (src.get(i).contains("// LEAK: " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no marker " + marker);
    }

    @OnEachJdk
    void theTestsThatLeakFailAndSayWhatAndWhere(Path jdk) throws Exception {
        Path project = copySample();
        int[] exit = new int[1];
        String log = mvn(project, jdk, List.of(), exit);
        assertNotEquals(0, exit[0], log);
        assertTrue(log.contains("Tests run: 13, Failures: 7"), log);
        // Both agents ran: leakguard failed the tests above and below, JaCoCo wrote its coverage.
        assertTrue(log.contains("-javaagent:") && log.contains("org.jacoco.agent"), log);
        Path exec = project.resolve("target/jacoco.exec");
        assertTrue(Files.isRegularFile(exec) && Files.size(exec) > 0, "JaCoCo's exec file:\n" + log);

        Map<String, String> leaky = results(project, "sample.LeakyTest");
        assertEquals(7, leaky.size(), leaky.toString());
        assertEquals("", leaky.get("closesItsFile"), leaky.toString());
        assertEquals("", leaky.get("closesItsConnection"), leaky.toString());
        String file = leaky.get("leaksAFile");
        assertTrue(file.startsWith("leakguard: this test leaked 1 resource"), file);
        assertTrue(file.contains("file /tmp/") && file.contains("acquired at sample.LeakyTest.leaksAFile(LeakyTest.java:"
                + line("file") + ") by thread main"), file);
        String conn = leaky.get("leaksAConnection");
        assertTrue(conn.contains("connection jdbc:h2:mem:sample user sa")
                && conn.contains("acquired at sample.LeakyTest.leaksAConnection(LeakyTest.java:" + line("connection")
                + ") by thread main"), conn);
        String socket = leaky.get("leaksASocket");
        assertTrue(socket.contains("leaked 1 resource") && socket.contains("socket /127.0.0.1:")
                && socket.contains("acquired at sample.LeakyTest.leaksASocket(LeakyTest.java:" + line("socket")
                + ") by thread main"), socket);
        String helper = leaky.get("leaksInAHelperThread");
        assertTrue(helper.contains("(LeakyTest.java:" + line("helper") + ") by thread sample-helper"), helper);
        String lock = leaky.get("leaksALock");
        assertTrue(lock.startsWith("leakguard: this test leaked 1 resource") && lock.contains("lock ReentrantLock ")
                && lock.contains("still held") && lock.contains("acquired at sample.LeakyTest.leaksALock(LeakyTest.java:"
                + line("lock") + ") by thread main"), lock);

        // JUnit 4 through the vintage engine: the same, with no change to the build.
        Map<String, String> legacy = results(project, "sample.LegacyTest");
        assertEquals("", legacy.get("closesItsFile"), legacy.toString());
        String legacyFile = legacy.get("leaksAFile");
        assertTrue(legacyFile.startsWith("leakguard: this test leaked 1 resource") && legacyFile.contains(
                "acquired at sample.LegacyTest.leaksAFile(LegacyTest.java:" + line("LegacyTest", "junit4-file")
                + ") by thread main"), legacy.toString());

        // A library's own suite, in the library's package: its classes come from the build's
        // output directory, so they are the application; the site is the test's line.
        Map<String, String> own = results(project, "org.apache.commons.dbcp2.sample.PoolsOwnSuiteTest");
        assertEquals("", own.get("closesItsConnection"), own.toString());
        String ownLeak = own.get("leaksAConnection");
        assertTrue(ownLeak.startsWith("leakguard: this test leaked 1 resource") && ownLeak.contains(
                "acquired at org.apache.commons.dbcp2.sample.PoolsOwnSuiteTest.leaksAConnection(PoolsOwnSuiteTest.java:"
                + line("org/apache/commons/dbcp2/sample/PoolsOwnSuiteTest", "own-suite") + ") by thread main"), own.toString());

        Map<String, String> classLevel = results(project, "sample.ClassLevelTest");
        assertEquals(Map.of("usesTheFixture", "", "usesItAgain", ""), classLevel, "the class's fixture fails no test");

        String report = Files.readString(project.resolve("target/leakguard/report.json"));
        assertTrue(report.contains("LeakyTest.leaksAFile(LeakyTest.java:" + line("file") + ")")
                && report.contains("LeakyTest.leaksAConnection(LeakyTest.java:" + line("connection") + ")"), report);
        assertTrue(log.contains("leakguard: exit report:"), "the run's summary on the console:\n" + log);
    }

    /**
     * Threads (issue 16): a test that leaves a thread running fails at the line that started it, one
     * that leaves an executor running at the line that created it; a test that joins its thread or
     * shuts its executor down (without waiting: the agent asks the executor) passes, and so do one
     * that creates an executor into a static field of its class (shut down in @AfterAll), one whose
     * thread ends by itself within ci.thread-wait and two whose executor's threads time out (one of
     * them still ending for a while after it left the pool's count). A thread that holds a file and
     * runs on is judged after one ci.thread-wait, not two; a thread that leaks a file and ends as
     * the test ends fails the test.
     */
    @OnEachJdk
    void aTestThatLeavesThreadsRunningFailsAtTheirLine(Path jdk) throws Exception {
        Path project = copySample();
        int[] exit = new int[1];
        String log = mvn(project, jdk, List.of("-Dtest=ThreadsTest"), exit);
        assertNotEquals(0, exit[0], log);
        assertTrue(log.contains("Tests run: 11, Failures: 5"), log);
        Map<String, String> threads = results(project, "sample.ThreadsTest");
        String own = threads.get("leavesAThreadRunningAndFailsOnItsOwn");
        assertTrue(own.startsWith("the test's own assertion ==> expected: <2> but was: <3>"), own);
        String dropped = threads.get("startsAThreadThatLeaksAFileAndEnds");
        assertTrue(dropped.startsWith("leakguard: this test leaked 1 resource")
                && dropped.contains("acquired at sample.ThreadsTest.lambda$startsAThreadThatLeaksAFileAndEnds$")
                && dropped.contains("(ThreadsTest.java:" + line("ThreadsTest", "dropped file") + ") by thread sample-dropper"),
                dropped);
        String held = threads.get("leavesAThreadThatHoldsAFileAndRunsOn");
        assertTrue(held.contains("acquired at sample.ThreadsTest.lambda$leavesAThreadThatHoldsAFileAndRunsOn$")
                && held.contains("(ThreadsTest.java:" + line("ThreadsTest", "held file") + ") by thread sample-holder")
                && held.contains("thread \"sample-holder\" (daemon) started at sample.ThreadsTest.leavesAThreadThatHoldsAFileAndRunsOn(ThreadsTest.java:"
                + line("ThreadsTest", "holder thread") + ")"), held);
        // ci.grace (200 ms) and ci.thread-wait (2 s) in all: waiting for the holder, then again for
        // the same thread still running, took 4.2 s (Java-WebSocket's suite). Against the parked
        // thread's test, which waits the same grace and the whole thread-wait for its thread: a
        // loaded machine slows both alike, and the double wait is 2 s more.
        Map<String, Double> times = times(project, "sample.ThreadsTest");
        double heldFor = times.get("leavesAThreadThatHoldsAFileAndRunsOn");
        double parkedFor = times.get("leavesAThreadRunning");
        assertTrue(heldFor - parkedFor < 1.0, "judged after " + heldFor + " s, the parked thread's test after " + parkedFor + " s");
        // Within ci.thread-wait these end by themselves: a plain thread, an executor whose threads time out.
        assertEquals("", threads.get("leavesAThreadThatEndsByItself"), threads.toString());
        assertEquals("", threads.get("leavesAnExecutorWhoseThreadsTimeOut"), threads.toString());
        assertEquals("", threads.get("leavesAnExecutorWhoseThreadsTakeTheirTimeToEnd"), threads.toString());
        assertEquals("", threads.get("joinsItsThread"), threads.toString());
        assertEquals("", threads.get("shutsItsExecutorDown"), threads.toString());
        assertEquals("", threads.get("keepsAnExecutorInAStaticField"), "the class's fixture: " + threads);
        String thread = threads.get("leavesAThreadRunning");
        assertTrue(thread.startsWith("leakguard: this test left 1 thread running (") && thread.contains(
                "thread \"sample-parked\" (daemon) started at sample.ThreadsTest.leavesAThreadRunning(ThreadsTest.java:"
                + line("ThreadsTest", "thread") + ") by thread main"), thread);
        String executor = threads.get("leavesAnExecutorRunning");
        assertTrue(executor.startsWith("leakguard: this test left 1 thread running (") && executor.contains(
                "executor ThreadPoolExecutor created at sample.ThreadsTest.leavesAnExecutorRunning(ThreadsTest.java:"
                + line("ThreadsTest", "executor") + ") by thread main, never shut down: 1 worker running (pool-"), executor);
    }

    /**
     * ci.grace learned per path: a test that drops a file on each of six repetitions fails each
     * time at its line; the first three after the full ci.grace, the rest after the short wait,
     * saying so. A test whose file another thread closes 80 ms after each repetition (inside the
     * grace) passes all six: its path closes late, so it always waits the full grace. With
     * ci.grace-learn=off every leaking repetition waits the full grace.
     */
    @OnEachJdk
    void aPathProvenToLeakWaitsLessAndAnAsynchronousCloseStillPasses(Path jdk) throws Exception {
        Path project = copySample();
        int[] exit = new int[1];
        String log = mvn(project, jdk, List.of("-Dtest=GraceTest"), exit);
        assertNotEquals(0, exit[0], log);
        Map<String, String> grace = results(project, "sample.GraceTest");
        List<String> dropped = new ArrayList<>();
        List<String> closedLate = new ArrayList<>();
        for (Map.Entry<String, String> e : grace.entrySet()) {
            (e.getKey().startsWith("dropsAFileEveryTime") ? dropped : closedLate).add(e.getValue());
        }
        assertEquals(6, dropped.size(), grace.toString());
        assertEquals(List.of("", "", "", "", "", ""), closedLate, "closed by another thread inside the grace: " + grace);
        String site = "acquired at sample.GraceTest.dropsAFileEveryTime(GraceTest.java:" + line("GraceTest", "every time") + ")";
        int full = 0;
        int shortened = 0;
        for (String m : dropped) {
            assertTrue(m.startsWith("leakguard: this test leaked 1 resource") && m.contains(site), m);
            if (m.contains("(still open 200 ms after it finished)")) {
                full++;
            } else if (m.contains("(still open 50 ms after it finished, along a path already seen leaking 3 times)")) {
                shortened++;
            }
        }
        assertEquals(3, full, "the path is proven by three full waits: " + dropped);
        assertEquals(3, shortened, "then each repetition waits the short wait: " + dropped);

        // ci.grace-learn=off: every leaking repetition waits the full grace.
        log = mvn(project, jdk, List.of("-Dtest=GraceTest"), Map.of("LEAKGUARD_CI_GRACE_LEARN", "off"), exit);
        assertNotEquals(0, exit[0], log);
        List<String> off = new ArrayList<>();
        for (Map.Entry<String, String> e : results(project, "sample.GraceTest").entrySet()) {
            if (e.getKey().startsWith("dropsAFileEveryTime")) {
                off.add(e.getValue());
            }
        }
        assertEquals(6, off.size(), off.toString());
        assertTrue(off.stream().allMatch(m -> m.contains("(still open 200 ms after it finished)") && m.contains(site)),
                off.toString());
    }

    @Test
    void theInstalledPomBringsNoByteBuddyToTheTestClassPath() throws Exception {
        String v = JvmRun.AGENT_VERSION;
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(repository().resolve(
                "io/leakguard/leakguard-agent/" + v + "/leakguard-agent-" + v + ".pom").toFile());
        // What a user's test class path gets with the agent: Byte Buddy's ASM travels inside the jar,
        // relocated, and the bootstrap nested in it, so nothing (test scope is not transitive).
        Map<String, String> scopes = new TreeMap<>();
        NodeList deps = pom.getDocumentElement().getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            NodeList scope = d.getElementsByTagName("scope");
            scopes.put(d.getElementsByTagName("artifactId").item(0).getTextContent(),
                    scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent());
        }
        assertEquals("provided", scopes.get("leakguard-bootstrap"), scopes.toString());
        assertTrue(scopes.values().stream().allMatch(s -> s.equals("provided") || s.equals("test")), scopes.toString());
        assertTrue(!scopes.containsKey("byte-buddy"), scopes.toString());
    }

    /**
     * The baseline workflow: a run's report.json becomes a baseline; with it the known leaks fail no
     * test and a new one still does; once the leaks are fixed the run lists what to remove.
     */
    @Test
    void aBaselineLetsTheKnownLeaksPassAndFailsNewOnes() throws Exception {
        Path jdk = Paths.get(System.getProperty("java.home"));
        Path project = copySample();
        int[] exit = new int[1];
        String first = mvn(project, jdk, List.of(), exit);
        assertTrue(first.contains("Tests run: 13, Failures: 7"), first);
        AgentCli cli = AgentCli.run(jdk, "baseline", project.resolve("target/leakguard/report.json").toString());
        assertEquals(0, cli.exit, cli.toString());
        List<String> lines = cli.out.lines().collect(java.util.stream.Collectors.toList());
        String fileSite = "{\"family\":\"file\",\"site\":\"sample.LeakyTest.leaksAFile(LeakyTest.java:" + line("file")
                + ")\",\"count\":1},";
        assertTrue(lines.contains(fileSite), cli.out);
        List<String> sites = new ArrayList<>(lines.subList(1, lines.size() - 1));
        sites.sort(null);
        assertEquals(sites, lines.subList(1, lines.size() - 1), "one line a site, sorted: " + cli.out);
        assertEquals(cli.out, AgentCli.run(jdk, "baseline", project.resolve("target/leakguard/report.json").toString()).out,
                "the same report, the same baseline");
        // A held lock is no report.json finding; a reviewer adds it by hand, one line like the others.
        lines.add(1, "{\"family\":\"lock\",\"site\":\"sample.LeakyTest.leaksALock(LeakyTest.java:" + line("lock")
                + ")\",\"count\":1},");
        Path baseline = project.resolve("leakguard-baseline.json");
        Files.write(baseline, lines);
        Map<String, String> withBaseline = Map.of("LEAKGUARD_CI_BASELINE", baseline.toString());

        Path second = copySample();
        String log = mvn(second, jdk, List.of("-Dleaks.new=true"), withBaseline, exit);
        assertNotEquals(0, exit[0], log);
        assertTrue(log.contains("Tests run: 13, Failures: 1"), log);
        Map<String, String> leaky = results(second, "sample.LeakyTest");
        String fresh = leaky.get("closesItsFile");
        assertTrue(fresh.startsWith("leakguard: this test leaked 1 resource") && fresh.contains(
                "acquired at sample.LeakyTest.closesItsFile(LeakyTest.java:" + line("new") + ")"), leaky.toString());
        for (String known : List.of("leaksAFile", "leaksAConnection", "leaksASocket", "leaksInAHelperThread", "leaksALock")) {
            assertEquals("", leaky.get(known), known + ": " + leaky);
        }
        assertTrue(!log.contains("fixed: remove from baseline: file sample.LeakyTest"), log);

        Path third = copySample();
        log = mvn(third, jdk, List.of("-Dleaks.fixed=true"), withBaseline, exit);
        assertEquals(0, exit[0], log);
        for (String site : List.of("file sample.LeakyTest.leaksAFile(LeakyTest.java:" + line("file") + ")",
                "jdbc sample.LeakyTest.leaksAConnection(LeakyTest.java:" + line("connection") + ")",
                "lock sample.LeakyTest.leaksALock(LeakyTest.java:" + line("lock") + ")")) {
            assertTrue(log.contains("leakguard: fixed: remove from baseline: " + site), site + "\n" + log);
        }
    }

    @Test
    void withTheLeaksFixedTheBuildPasses() throws Exception {
        Path project = copySample();
        int[] exit = new int[1];
        String log = mvn(project, Paths.get(System.getProperty("java.home")), List.of("-Dleaks.fixed=true"), exit);
        assertEquals(0, exit[0], log);
        assertTrue(log.contains("Tests run: 13, Failures: 0, Errors: 0"), log);
    }

    @Test
    void failOnDefiniteFailsOnlyWhatTheGarbageCollectorFoundUnclosed() throws Exception {
        Path project = copySample();
        int[] exit = new int[1];
        // The environment is one of the ways to configure the agent; the pom stays as it is.
        String log = mvn(project, Paths.get(System.getProperty("java.home")), List.of(),
                Map.of("LEAKGUARD_CI_FAIL_ON", "definite"), exit);
        assertNotEquals(0, exit[0], log);
        Map<String, String> leaky = results(project, "sample.LeakyTest");
        String file = leaky.get("leaksAFile");
        assertTrue(file.contains("(garbage collected without close())") && file.contains(
                "acquired at sample.LeakyTest.leaksAFile(LeakyTest.java:" + line("file") + ")"), leaky.toString());
        // Still held, still reachable: open at the end of the test, but not a definite leak.
        assertEquals("", leaky.get("leaksALock"), leaky.toString());
        assertEquals("", leaky.get("closesItsFile"), leaky.toString());
        assertEquals("", leaky.get("closesItsConnection"), leaky.toString());
    }
}

package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakguard.apps.files.FileLeaks;
import io.leakguard.apps.secrets.HostileNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Secrets and hostile text never reach a report as they are: a password in a JDBC URL appears
 * nowhere (stderr, report.json, JFR, the MBean's reports), the URL is redacted the same way in
 * each; a file name and a thread name holding a newline, a forged leakguard line and an ANSI
 * escape are shown escaped, on one line; report.json is never written through a symbolic link
 * nor into someone else's file, and a new one is created rw-------.
 */
import org.junit.jupiter.api.io.TempDir;

class HostileTextTest {
    private static final String DRIVER_URL = "connection jdbc:h2:mem:shop user sa";
    private static final String POOL_URL = "connection jdbc:h2:mem:pool user sa via com.zaxxer.hikari.HikariDataSource "
            + "(pool hostile-pool)";
    private static final String FILE_ESCAPED = "evil\\n" + HostileNames.FORGED + "\\u001b[31m.txt";
    private static final String THREAD_ESCAPED = "worker\\n" + HostileNames.FORGED + " thread\\u2028x";

    @OnEachJdk
    void noSecretAndNoForgedLineInAnyReport(Path jdk, @TempDir Path tmp) throws Exception {
        Path dir = tmp;
        Path json = dir.resolve("out/report.json");
        Path jfr = dir.resolve("hostile.jfr");
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .jvmArg("-XX:StartFlightRecording:filename=" + jfr)
                .agent("report.json=" + json + ",scan.interval=300ms,leak.warn=1s,leak.critical=1h")
                .run(HostileNames.class.getName(), "1500").assertAgentHealthy();
        String report = Files.readString(json, StandardCharsets.UTF_8);
        List<String> jfrResources = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().startsWith("leakguard.")) {
                jfrResources.add(e.getString("resource") + " | " + e.getString("thread"));
            }
        }
        String jmxText = between(run.stdout, "=== jmx report text\n", "=== jmx report json\n");
        String jmxJson = between(run.stdout, "=== jmx report json\n", "=== end\n");

        // The password: nowhere.
        for (String where : List.of(run.stderr, run.stdout, report, String.join("\n", jfrResources))) {
            assertFalse(where.contains(HostileNames.SECRET), "password in a report:\n" + where);
            assertFalse(where.toUpperCase().contains("PASSWORD"), "password parameter in a report:\n" + where);
        }
        // The same redaction everywhere: text report, JSON, JFR, the MBean's text and JSON.
        for (String where : List.of(run.stderr, report, jmxText, jmxJson, String.join("\n", jfrResources))) {
            assertTrue(where.contains(DRIVER_URL), "redacted driver URL expected in:\n" + where + "\n" + run);
        }
        for (String where : List.of(run.stderr, report, jmxText, jmxJson)) {
            assertTrue(where.contains(POOL_URL), "redacted pool URL expected in:\n" + where + "\n" + run);
        }

        // No forged line: the text reports (stderr, the MBean's) show the names escaped, on one line.
        for (String text : List.of(run.stderr, jmxText)) {
            for (String line : text.split("\n", -1)) {
                assertFalse(line.startsWith(HostileNames.FORGED), "forged line:\n" + text);
            }
            assertTrue(text.contains(FILE_ESCAPED), "escaped file name expected in:\n" + text);
            assertFalse(text.contains("\u001b") || text.contains("\u2028"), "raw control character in:\n" + text);
        }
        assertTrue(run.stderr.contains(THREAD_ESCAPED), "escaped thread name expected:\n" + run);
        assertTrue(jmxText.contains(THREAD_ESCAPED), "escaped thread name expected:\n" + jmxText);

        // JSON keeps the exact names, escaped so every record is one line of valid JSON.
        assertFalse(report.contains("\u001b") || report.contains("\u2028"), report);
        boolean fileSeen = false;
        boolean threadSeen = false;
        for (Report.Finding f : Report.read(json).all) {
            fileSeen |= Json.texts(f.json.path("resources")).stream().anyMatch(r -> r.contains(HostileNames.FILE_NAME));
            threadSeen |= HostileNames.THREAD_NAME.equals(f.thread);
        }
        assertTrue(fileSeen && threadSeen, "exact names in report.json:\n" + report);
        assertTrue(Json.texts(Json.parse(jmxJson.trim())).stream().anyMatch(t -> t.contains(HostileNames.FILE_NAME)),
                jmxJson);

        // Created owner-only.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(json)));
    }

    @OnEachJdk
    void reportJsonIsNeverWrittenThroughALink(Path jdk, @TempDir Path tmp) throws Exception {
        Path dir = tmp;
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(dir.resolve("report.json"), victim);
        JvmRun.Result run = JvmRun.on(jdk).agent("report.json=" + link).run(FileLeaks.class.getName());
        assertEquals(3, run.exitCode, run.toString());
        assertEquals("precious\n", Files.readString(victim), run.toString());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertRefusedOnce(run, link + " is a symbolic link");

        // A dangling link: its target is not created.
        Path absent = dir.resolve("absent.txt");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), absent);
        run = JvmRun.on(jdk).agent("report.json=" + dangling).run(FileLeaks.class.getName());
        assertEquals(3, run.exitCode, run.toString());
        assertFalse(Files.exists(absent, java.nio.file.LinkOption.NOFOLLOW_LINKS), run.toString());
        assertRefusedOnce(run, dangling + " is a symbolic link");
    }

    @OnEachJdk
    void reportJsonOfAnotherUserIsRefused(Path jdk, @TempDir Path tmp) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file to another user");
        Path dir = tmp;
        Path theirs = dir.resolve("report.json");
        Files.writeString(theirs, "theirs\n");
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);
        JvmRun.Result run = JvmRun.on(jdk).agent("report.json=" + theirs).run(FileLeaks.class.getName());
        assertEquals(3, run.exitCode, run.toString());
        assertEquals("theirs\n", Files.readString(theirs), run.toString());
        assertRefusedOnce(run, theirs + " belongs to nobody, not to root");
    }

    @OnEachJdk
    void theCommandLineShowsNoSecretAndNoForgedLine(Path jdk, @TempDir Path tmp) throws Exception {
        Path dir = tmp;
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        // The program's own arguments carry a password, as some programs' do.
        Process target = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("")
                .start(out, err, HostileNames.class.getName(), "120000", "--db-password=" + HostileNames.SECRET);
        try {
            for (int i = 0; i < 600 && !Files.readString(out).contains("=== end"); i++) {
                assertTrue(target.isAlive(), "target ended early:\n" + Files.readString(err));
                Thread.sleep(100);
            }
            String pid = String.valueOf(target.pid());
            String list = cli(jdk, "list");
            assertTrue(list.contains(pid) && list.contains(HostileNames.class.getName()), list);
            assertFalse(list.contains(HostileNames.SECRET), "a program's arguments in the list:\n" + list);

            String report = cli(jdk, "report", pid);
            assertTrue(report.contains(DRIVER_URL) && report.contains(POOL_URL), report);
            assertTrue(report.contains(FILE_ESCAPED) && report.contains(THREAD_ESCAPED), report);
            for (String line : report.split("\n", -1)) {
                assertFalse(line.startsWith(HostileNames.FORGED), "forged line:\n" + report);
            }
            String json = cli(jdk, "report", pid, "--json");
            assertTrue(Json.texts(Json.parse(json.trim())).stream().anyMatch(t -> t.contains(HostileNames.FILE_NAME)), json);
            for (String where : List.of(report, json)) {
                assertFalse(where.contains(HostileNames.SECRET) || where.contains("\u001b"), where);
            }
        } finally {
            target.destroyForcibly().waitFor();
        }
    }

    private static String cli(Path jdk, String... args) throws Exception {
        AgentCli cli = AgentCli.run(jdk, args);
        assertEquals(0, cli.exit, cli.toString());
        return cli.out;
    }

    /** One agent line says the file was refused; the findings still reach stderr; nothing else went wrong. */
    private static void assertRefusedOnce(JvmRun.Result run, String why) {
        List<String> said = run.agentLines().stream().filter(l -> l.contains("report.json not written"))
                .collect(Collectors.toList());
        assertEquals(List.of("leakguard: report.json not written: " + why
                + "; the other reports (stderr, JFR) go on"), said, run.toString());
        assertTrue(run.stderr.contains("leakguard: exit report:"), run.toString());
        assertFalse(run.stderr.contains("internal error"), run.toString());
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to, a);
        assertTrue(a >= 0 && b > a, "markers in:\n" + s);
        return s.substring(a + from.length(), b);
    }
}

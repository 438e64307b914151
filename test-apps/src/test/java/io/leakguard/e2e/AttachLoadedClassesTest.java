package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.attach.DefaultCloseTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a JVM loaded before leakguard attached is woven as if it had been loaded after: here a
 * connection interface whose close() is a default method (the connections' class declares no
 * close()), loaded and used before the attach. Were the interface left as it was, every close
 * through it would be missed and every connection closed after the attach would look open.
 */
class AttachLoadedClassesTest {
    @OnEachJdk
    void anInterfacesDefaultCloseLoadedBeforeTheAttachIsSeen(Path jdk, @TempDir Path tmp) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(DefaultCloseTarget.class);
        String closedSite = DefaultCloseTarget.class.getName() + ".main(DefaultCloseTarget.java:" + lines.get("closed") + ")";
        String keptSite = DefaultCloseTarget.class.getName() + ".main(DefaultCloseTarget.java:" + lines.get("kept") + ")";
        Path go = tmp.resolve("go");
        Path stop = tmp.resolve("stop");
        Path err = tmp.resolve("target-stderr.txt");
        Process target = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-Djava.io.tmpdir=" + tmp, "-cp",
                JvmRun.APP_CLASSES, DefaultCloseTarget.class.getName(), go.toString(), stop.toString())
                .redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("DefaultCloseTarget pid (\\d+)").matcher(String.valueOf(out.readLine()));
            assertTrue(m.find(), "the target's first line");
            String pid = m.group(1);

            AgentCli attach = AgentCli.run(jdk, "attach", pid, "scan.interval=250ms");
            assertEquals(0, attach.exit, attach.toString());
            Files.createFile(go);
            String closes = out.readLine();
            assertEquals("DefaultCloseTarget closes 21", closes, "the default close() ran for each close");

            AgentCli report = AgentCli.run(jdk, "report", pid, "--json", "--family=jdbc");
            assertEquals(0, report.exit, report.toString());
            List<String> texts = Json.texts(Json.parse(report.out.trim()));
            assertTrue(texts.stream().anyMatch(t -> t.contains(keptSite)),
                    "the connection it keeps is tracked, at its line:\n" + report);
            assertFalse(texts.stream().anyMatch(t -> t.contains(closedSite)),
                    "the 20 connections closed through the interface's default close() are not open:\n" + report);

            Files.createFile(stop);
            assertTrue(target.waitFor(30, TimeUnit.SECONDS));
            String stderr = Files.readString(err);
            assertFalse(stderr.contains("leakguard: internal error"), stderr);
        } finally {
            target.destroyForcibly();
        }
    }
}

package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.JdbcLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * leakguard next to the OpenTelemetry Java agent (from Maven Central) in the same JVM, both
 * instrumenting the same JDBC driver and pool classes (H2 and HikariCP): OpenTelemetry records
 * its spans (logged by its logging exporter), leakguard reports the same leaks at the same lines
 * as when it runs alone, and the program's own output is unchanged.
 */
class OpenTelemetryAgentTest {
    private static final Path OTEL = Paths.get("target/otel/opentelemetry-javaagent.jar").toAbsolutePath();

    private static JvmRun app(Path jdk) throws Exception {
        return JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    private static Set<String> sites(JvmRun.Result run) {
        return run.report().lastScan().stream().map(f -> f.kind + " " + f.family + " " + f.type + " " + f.site)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @OnEachJdk
    void bothAgentsInstrumentAndBothReport(Path jdk) throws Exception {
        assertTrue(Files.isRegularFile(OTEL), "the OpenTelemetry agent is fetched by the build: " + OTEL);
        String main = JdbcLeaks.class.getName();
        JvmRun.Result alone = app(jdk).agent("scan.interval=300ms").report().run(main, "h2", "hikari", "300").assertAgentHealthy();

        JvmRun.Result both = app(jdk).jvmArg("-javaagent:" + OTEL)
                .env("OTEL_TRACES_EXPORTER", "logging").env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none").env("OTEL_SERVICE_NAME", "leakguard-e2e")
                .agent("scan.interval=300ms").report().run(main, "h2", "hikari", "300").assertAgentHealthy();

        assertEquals(alone.exitCode, both.exitCode, both.toString());
        assertEquals(alone.stdout, both.stdout, both.toString());
        assertTrue(both.stderr.contains("opentelemetry-javaagent - version: 2.33.1"), "OpenTelemetry started:\n" + both);
        assertTrue(both.stderr.contains("LoggingSpanExporter"), "OpenTelemetry exported spans:\n" + both);
        assertTrue(both.stderr.contains(JvmRun.ON_LINE), both.toString());
        Set<String> expected = sites(alone);
        assertEquals(8, expected.size(), alone.toString());
        assertEquals(expected, sites(both), "the same findings with OpenTelemetry attached:\n" + both);
        // OpenTelemetry's own threads, files and sockets are not the application's leaks.
        List<String> foreign = both.report().lastScan().stream().map(f -> f.site)
                .filter(s -> s.contains("opentelemetry")).collect(Collectors.toList());
        assertTrue(foreign.isEmpty(), foreign.toString());
    }

    /**
     * leakguard first on the command line, installing in the background (install=async) while OpenTelemetry's premain runs and transforms classes on the main thread: no
     * deadlock, and leakguard still finds what the program leaks once it is on.
     */
    @OnEachJdk
    void backgroundInstallWhileOpenTelemetryStarts(Path jdk) throws Exception {
        java.util.Map<String, Integer> lines = SourceMarkers.of(io.leakguard.apps.startup.LateStart.class);
        JvmRun.Result both = app(jdk).env("LEAKGUARD_INSTALL", "async").jvmArg("-javaagent:" + OTEL)
                .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none").agent("").report()
                .run(io.leakguard.apps.startup.LateStart.class.getName()).assertAgentHealthy();
        assertEquals(0, both.exitCode, both.toString());
        assertTrue(both.stderr.contains("opentelemetry-javaagent - version: 2.33.1"), both.toString());
        assertTrue(both.stderr.contains("installed in the background in "), both.toString());
        String site = io.leakguard.apps.startup.LateStart.class.getName() + ".main(LateStart.java:";
        List<Report.Finding> exit = both.report().lastScan();
        assertEquals(1, Report.at(exit, site + lines.get("connection") + ")").size(), both.toString());
        assertEquals(1, Report.at(exit, site + lines.get("file") + ")").size(), both.toString());
    }
}

package io.leakguard.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static Config load(String args, Properties p, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(args, p, env);
    }

    @Test
    void defaults() throws Exception {
        Config c = load(null, new Properties(), Map.of());
        assertEquals(Config.Mode.MONITOR, c.mode());
        assertEquals(60_000, c.millis("scan.interval"));
        assertEquals(600_000, c.millis("leak.warn"));
        assertEquals(1_800_000, c.millis("leak.critical"));
        assertEquals(2, c.list("ignore.paths").size());
        assertEquals(null, c.path("report.json"));
    }

    @Test
    void precedenceArgsThenPropertiesThenEnvironmentThenFile() throws Exception {
        Path file = Files.createTempFile("lg", ".properties");
        Files.writeString(file, "leak.warn=1m\nleak.critical=2h\nscan.interval=5s\nstack.depth=9\n");
        Properties p = new Properties();
        p.setProperty("leakguard.leak.critical", "40m");
        p.setProperty("leakguard.scan.interval", "7s");
        Map<String, String> env = Map.of("LEAKGUARD_SCAN_INTERVAL", "8s", "LEAKGUARD_STACK_DEPTH", "10",
                "LEAKGUARD_CONFIG", file.toString());
        Config c = load("scan.interval=250ms", p, env);
        assertEquals(250, c.millis("scan.interval"));
        assertEquals("agent arguments", c.source("scan.interval"));
        assertEquals(40 * 60_000, c.millis("leak.critical"));
        assertEquals(10, c.integer("stack.depth"));
        assertEquals(60_000, c.millis("leak.warn"));
        assertTrue(c.source("leak.warn").startsWith("config file"));
    }

    @Test
    void durations() {
        assertEquals(250, Durations.parseMillis("250ms"));
        assertEquals(30_000, Durations.parseMillis("30s"));
        assertEquals(600_000, Durations.parseMillis("10m"));
        assertEquals(3_600_000, Durations.parseMillis("1h"));
        assertEquals(0, Durations.parseMillis("0"));
        assertEquals(-1, Durations.parseMillis("10"));
        assertEquals(-1, Durations.parseMillis("-5s"));
        assertEquals(-1, Durations.parseMillis("1.5s"));
        assertEquals(-1, Durations.parseMillis("ms"));
    }

    @Test
    void errorsNameTheKeyAndWhatItAccepts() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("stack.depth=2", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("'stack.depth'") && e.getMessage().contains("from 8 to 1024"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("leak.warn=1h,leak.critical=10m", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("'leak.warn'") && e.getMessage().contains("'leak.critical'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load(null, new Properties(), Map.of("LEAKGUARD_NOPE", "1")));
        assertTrue(e.getMessage().contains("LEAKGUARD_NOPE"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void theRunningAgentsVersionPropertyIsNotAnOption() throws Exception {
        // A second -javaagent (or an attach) finds the first agent's marker among the properties.
        Properties p = new Properties();
        p.setProperty(ConfigLoader.AGENT_VERSION_PROPERTY, "0.1.0");
        assertEquals(Config.Mode.MONITOR, load(null, p, Map.of()).mode());
        p.setProperty("leakguard.agent.versions", "1");
        assertThrows(ConfigException.class, () -> load(null, p, Map.of()));
    }

    @Test
    void perEndpointConnectTimeouts() throws Exception {
        Config c = load("net.endpoints.db.internal:5432.connect-timeout=2s", new Properties(), Map.of());
        assertEquals(Map.of("db.internal:5432", 2000), c.endpointConnectTimeouts());
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("net.endpoints.db:5432.connect-timeout=soon", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("'net.endpoints.db:5432.connect-timeout'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("net.endpoints.db:5432.read-timeout=1s", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("unknown option"), e.getMessage());
    }

    @Test
    void globsMatchAnyText() {
        Glob g = Glob.of(java.util.List.of("/tmp/*.log", "com.acme.*"));
        assertTrue(g.matches("/tmp/a/b.log"));
        assertTrue(g.matches("com.acme.Foo.bar(Foo.java:1)"));
        assertTrue(!g.matches("/var/tmp/a.log"));
    }
}

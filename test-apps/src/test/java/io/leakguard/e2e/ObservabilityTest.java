package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.leakguard.apps.files.FileLeaks;
import io.leakguard.apps.locks.LockLeaks;
import io.leakguard.apps.observe.SteadyLeaker;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/**
 * Where findings go besides the log: a JFR recording of a leaky program holds leakguard's
 * events; the Prometheus endpoint of a program that leaks steadily parses with a real
 * text-format parser and its counters move between scrapes; the MBean shows the same numbers.
 */
import org.junit.jupiter.api.io.TempDir;

class ObservabilityTest {
    @OnEachJdk
    void aFlightRecordingHoldsTheFindings(Path jdk, @TempDir Path tmp) throws Exception {
        Path dir = tmp;
        Path files = dir.resolve("files.jfr");
        JvmRun.Result run = JvmRun.on(jdk).jvmArg("-XX:StartFlightRecording:filename=" + files)
                .agent("scan.interval=300ms,leak.warn=1s,leak.critical=1h").run(FileLeaks.class.getName(), "1500")
                .assertAgentHealthy();
        Map<String, List<RecordedEvent>> events = leakguardEvents(files);
        String lost = "io.leakguard.apps.files.FileLeaks.loseToGc(FileLeaks.java:"
                + SourceMarkers.of(FileLeaks.class).get("lost-to-gc") + ")";
        List<RecordedEvent> leaks = events.getOrDefault("leakguard.Leak", List.of());
        assertTrue(leaks.stream().anyMatch(e -> lost.equals(e.getString("site")) && "file".equals(e.getString("family"))),
                "the definite leak as a leakguard.Leak event: " + events + "\n" + run);
        for (RecordedEvent e : leaks) {
            for (String field : List.of("family", "resource", "site", "thread", "action")) {
                assertTrue(e.getString(field) != null, field + " in " + e);
            }
        }

        Path locks = dir.resolve("locks.jfr");
        run = JvmRun.on(jdk).jvmArg("-XX:StartFlightRecording:filename=" + locks)
                .agent("lock.track-holds=always").run(LockLeaks.class.getName(), "deadlock", "2500").assertAgentHealthy();
        events = leakguardEvents(locks);
        assertEquals(1, events.getOrDefault("leakguard.Deadlock", List.of()).size(), events + "\n" + run);
        assertEquals("lock", events.get("leakguard.Deadlock").get(0).getString("family"));

        // The `jfr` tool shows them too.
        ProcessBuilder pb = new ProcessBuilder(jdk.resolve("bin/jfr").toString(), "print", "--events", "leakguard.Deadlock",
                locks.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), printed);
        assertTrue(printed.contains("leakguard.Deadlock") && printed.contains("LockLeaks.java"), printed);
    }

    private static Map<String, List<RecordedEvent>> leakguardEvents(Path recording) throws Exception {
        Map<String, List<RecordedEvent>> out = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String name = e.getEventType().getName();
            if (name.startsWith("leakguard.")) {
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    @OnEachJdk
    void theMetricsEndpointParsesAndItsCountersMove(Path jdk, @TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path out = tmp.resolve("e2e-steady.out");
        Path err = tmp.resolve("e2e-steady.err");
        Process app = JvmRun.on(jdk).agent("metrics.port=" + port + ",scan.interval=500ms,leak.warn=1s")
                .start(out, err, SteadyLeaker.class.getName(), "20000");
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.readString(out).contains("ready")) {
                assertTrue(app.isAlive() && System.currentTimeMillis() < deadline, "not ready: " + Files.readString(err));
                Thread.sleep(50);
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            HttpResponse<String> first = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    first.headers().toString());
            Thread.sleep(2500);
            HttpResponse<String> second = http.send(get, HttpResponse.BodyHandlers.ofString());
            Map<String, MetricFamily> a = parse(first.body());
            Map<String, MetricFamily> b = parse(second.body());

            for (MetricFamily f : b.values()) {
                assertTrue(f.getName().startsWith("leakguard_"), f.getName());
                if (f.getType().name().equals("COUNTER")) {
                    assertTrue(f.getName().endsWith("_total"), "a counter's name ends in _total: " + f.getName());
                }
            }
            String file = "family=file";
            assertTrue(value(b, "leakguard_acquisitions_total", file) > value(a, "leakguard_acquisitions_total", file),
                    second.body());
            assertTrue(value(b, "leakguard_releases_total", file) > value(a, "leakguard_releases_total", file));
            assertTrue(value(b, "leakguard_open_resources", file) > value(a, "leakguard_open_resources", file));
            assertTrue(value(b, "leakguard_leaks_total", "kind=definite") > 0, second.body());
            assertTrue(value(b, "leakguard_lock_waits_total", "") > value(a, "leakguard_lock_waits_total", ""),
                    second.body());
            assertTrue(value(b, "leakguard_leaked_open_resources", "kind=warn") > 0, second.body());
            assertEquals(0.0, value(b, "leakguard_agent_errors_total", ""));
            assertEquals(0.0, value(b, "leakguard_pressure_level", "resource=fd"));

            // Loopback only: the endpoint is not reachable on the machine's other addresses.
            InetAddress other = nonLoopbackAddress();
            if (other != null) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, port), 1000);
                    throw new AssertionError("the metrics endpoint answered on " + other);
                } catch (ConnectException expected) {
                    // refused: bound to 127.0.0.1 only
                }
            }

            // The same numbers through JMX.
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
                ObjectName agent = new ObjectName("io.leakguard:type=Agent");
                TabularData metrics = (TabularData) mbeans.getAttribute(agent, "Metrics");
                Map<String, Double> byName = new HashMap<>();
                for (Object row : metrics.values()) {
                    CompositeData c = (CompositeData) row;
                    byName.put((String) c.get("key"), (Double) c.get("value"));
                }
                assertTrue(byName.get("leakguard_acquisitions_total{family=\"file\"}") >= value(b, "leakguard_acquisitions_total",
                        file), byName.toString());
                assertTrue((Long) mbeans.getAttribute(agent, "LeaksTotal") > 0);
                assertTrue(((String) mbeans.getAttribute(agent, "Pressure")).startsWith("fd=normal"));
            } finally {
                vm.detach();
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
        assertFalse(Files.readString(err).contains("leakguard: internal error"), Files.readString(err));
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    private static Map<String, MetricFamily> parse(String text) throws Exception {
        Map<String, MetricFamily> out = new HashMap<>();
        TextPrometheusMetricDataParser parser =
                new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        MetricFamily f;
        while ((f = parser.parse()) != null) {
            out.put(f.getName(), f);
        }
        assertFalse(out.isEmpty(), "nothing parsed from:\n" + text);
        return out;
    }

    /** The value of the sample whose labels are exactly {@code labels} ("name=value", or "" for none). */
    private static double value(Map<String, MetricFamily> families, String name, String labels) {
        MetricFamily f = families.get(name);
        assertTrue(f != null, "no metric " + name + " in " + families.keySet());
        for (Metric m : f.getMetrics()) {
            String l = m.getLabels().isEmpty() ? "" : m.getLabels().entrySet().iterator().next().getKey() + "="
                    + m.getLabels().entrySet().iterator().next().getValue();
            if (l.equals(labels)) {
                return m instanceof Counter ? ((Counter) m).getValue() : ((Gauge) m).getValue();
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "}");
    }
}

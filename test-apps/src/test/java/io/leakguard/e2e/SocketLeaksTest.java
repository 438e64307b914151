package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.sockets.SocketClean;
import io.leakguard.apps.sockets.SocketLeaks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Sockets, channels and selectors on loopback, through the built jar, on each JDK. */
class SocketLeaksTest {
    private static final String LEAKS = SocketLeaks.class.getName();

    @OnEachJdk
    void eachSocketLeakIsReportedOnceAtItsLine(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(SocketLeaks.class);
        assertEquals(15, lines.size(), lines.toString());
        JvmRun.Result bare = JvmRun.on(jdk).run(LEAKS, "300");
        JvmRun.Result run = JvmRun.on(jdk).agent("scan.interval=300ms").report().run(LEAKS, "300").assertAgentHealthy();
        assertEquals(3, run.exitCode, run.toString());
        assertEquals(bare.stdout, run.stdout, run.toString());

        Map<String, String> types = Map.ofEntries(Map.entry("server-socket", "serversocket"), Map.entry("client", "socket"),
                Map.entry("accepted", "socket"), Map.entry("channel", "socketchannel"),
                Map.entry("accepted-for-channel", "socket"), Map.entry("server-channel", "serverchannel"),
                Map.entry("datagram", "datagram"), Map.entry("selector", "selector"), Map.entry("bound", "socket"),
                Map.entry("accepted-for-lost", "socket"), Map.entry("lost", "socket"),
                Map.entry("async-channel", "asyncchannel"), Map.entry("accepted-for-async", "socket"),
                Map.entry("async-server", "asyncserver"));
        List<Report.Finding> exit = run.report().lastScan();
        for (Map.Entry<String, String> e : types.entrySet()) {
            String method = e.getKey().equals("lost") ? ".loseOne" : ".main";
            String site = LEAKS + method + "(SocketLeaks.java:" + lines.get(e.getKey()) + ")";
            List<Report.Finding> at = Report.at(exit, site);
            assertEquals(1, at.size(), e.getKey() + " at " + site + "\n" + run);
            assertEquals("socket", at.get(0).family, at.get(0).toString());
            assertEquals(e.getValue(), at.get(0).type, at.get(0).toString());
            assertEquals(1, at.get(0).count, at.get(0).toString());
            assertEquals(e.getKey().equals("lost") ? "definite" : "open-at-exit", at.get(0).kind, at.get(0).toString());
        }
        // Pipe.open(): two channels, the source and the sink, both at the line.
        String pipeSite = LEAKS + ".main(SocketLeaks.java:" + lines.get("pipe") + ")";
        List<String> pipeTypes = Report.at(exit, pipeSite).stream().map(f -> f.type).sorted().toList();
        assertEquals(List.of("pipesink", "pipesource"), pipeTypes, run.toString());
        assertEquals(16, exit.size(), run.toString());
        assertTrue(run.stderr.contains("the JDK has no Cleaner for a SocketChannel"), run.toString());
        assertTrue(run.stderr.contains("socket -> localhost/127.0.0.1:"), "remote address named:\n" + run);
    }

    @OnEachJdk
    void aProgramThatClosesItsSocketsReportsNothing(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).agent("scan.interval=250ms,leak.warn=1s,leak.critical=2s")
                .report().run(SocketClean.class.getName(), "1500").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.startsWith("SocketClean: "), run.toString());
        assertTrue(run.report().all.isEmpty(), run.toString());
        assertFalse(run.stderr.contains("leakguard: ["), run.toString());
    }
}

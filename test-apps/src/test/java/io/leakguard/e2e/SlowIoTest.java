package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakguard.apps.defenses.SlowIoApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Issue 16, slow I/O (io.slow): a read on a socket whose peer never answers the request the
 * thread wrote, on a SocketChannel likewise and on a FIFO with no writer is reported while it is
 * still blocked, with the blocked thread and its stack, the resource and the line that opened it;
 * the quick I/O before them is not, nor are socket reads that idle by design (a client's read
 * loop, a subscriber after its answer, a keep-alive server awaiting the next request); nothing is
 * interrupted (each read ends only when the program closes or feeds it).
 */
class SlowIoTest {
    private static final String APP = SlowIoApp.class.getName();

    @OnEachJdk
    void aReadThatStaysBlockedIsReportedWhileBlockedAtTheOpeningLine(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(SlowIoApp.class);
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .agent("io.slow=1s,scan.interval=250ms").report().run(APP).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("SlowIoApp: socket reported while blocked true true"), run.toString());
        assertTrue(run.stdout.contains("SlowIoApp: channel reported while blocked true true"), run.toString());
        assertTrue(run.stdout.contains("SlowIoApp: fifo reported while blocked true true"), run.toString());
        assertTrue(run.stdout.contains("SlowIoApp: fifo reader ended true"), run.toString());
        assertTrue(run.stdout.contains("SlowIoApp: counter 3.0"), run.toString());
        assertTrue(run.stdout.contains("SlowIoApp: idle reads still blocked at the end true"), run.toString());

        List<Report.Finding> slow = run.report().all.stream().filter(f -> f.kind.equals("slow-io")).toList();
        for (String idle : List.of("idle-client", "idle-subscriber", "idle-channel", "keepalive-client", "keepalive-served")) {
            String site = "SlowIoApp.java:" + lines.get(idle) + ")";
            assertTrue(slow.stream().noneMatch(f -> f.site.contains(site)), idle + " is an idle read, not slow I/O: " + run);
        }
        assertEquals(3, slow.size(), run.toString());
        Map<String, String> threads = Map.of("socket", "slow-socket", "channel", "slow-channel", "fifo", "slow-fifo");
        Map<String, String> types = Map.of("socket", "socket", "channel", "socketchannel", "fifo", "file");
        for (Map.Entry<String, String> e : threads.entrySet()) {
            String method = e.getKey().equals("fifo") ? ".fifo" : ".main";
            String site = APP + method + "(SlowIoApp.java:" + lines.get(e.getKey()) + ")";
            List<Report.Finding> at = Report.of(slow, "slow-io", site);
            assertEquals(1, at.size(), e.getKey() + " at " + site + "\n" + run);
            Report.Finding f = at.get(0);
            assertEquals(types.get(e.getKey()), f.type, f.toString());
            JsonNode t = f.json.path("threads").get(0);
            assertEquals(e.getValue(), t.path("name").asText(), f.toString());
            assertTrue(t.path("lock").asText().startsWith("in read for "), f.toString());
            String stack = t.path("stack").toString();
            assertTrue(stack.contains("SlowIoApp.lambda$" + method.substring(1) + "$"), "the blocked thread's stack, as it is now: " + f);
        }
        assertTrue(run.stderr.contains("leakguard: [slow-io] 1 socket blocked in a read, write or force longer than io.slow"),
                run.toString());
        assertTrue(run.stderr.contains("    blocked thread \"slow-fifo\" ("), run.toString());
    }
}

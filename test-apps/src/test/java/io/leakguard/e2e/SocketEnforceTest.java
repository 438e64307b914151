package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.DeadDatabase;
import io.leakguard.apps.sockets.BreakerApp;
import io.leakguard.apps.sockets.ConnectHang;
import io.leakguard.apps.sockets.SocketQuotaApp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Enforce mode for sockets: the default connect timeout and the circuit breaker. */
class SocketEnforceTest {
    private static final Path JDK = Paths.get(System.getProperty("java.home"));

    @OnEachJdk
    void aConnectWithoutTimeoutToAFullBacklogFailsAfterTheDefault(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).agent("mode=enforce,net.connect-timeout=1s")
                .run(ConnectHang.class.getName()).assertAgentHealthy();
        Matcher m = Pattern.compile("ConnectHang: java.net.SocketTimeoutException after (\\d+) ms").matcher(run.stdout);
        assertTrue(m.find(), "a timeout instead of a hang:\n" + run);
        long ms = Long.parseLong(m.group(1));
        // About a second, not the minutes the kernel would keep retrying. Wide bounds: shared machine.
        assertTrue(ms >= 900 && ms < 15_000, ms + " ms\n" + run);
    }

    @OnEachJdk
    void aBlockingSocketChannelConnectGetsTheTimeoutToo(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).agent("mode=enforce,net.connect-timeout=1s")
                .run(ConnectHang.class.getName(), "channel").assertAgentHealthy();
        Matcher m = Pattern.compile("ConnectHang: java.net.SocketTimeoutException after (\\d+) ms").matcher(run.stdout);
        assertTrue(m.find(), "a timeout instead of a hang:\n" + run);
        long ms = Long.parseLong(m.group(1));
        assertTrue(ms >= 900 && ms < 15_000, ms + " ms\n" + run);
    }

    @Test
    void aPerEndpointTimeoutAppliesToItsEndpointAlone() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        JvmRun.Result run = JvmRun.on(JDK)
                .agent("mode=enforce,net.connect-timeout=0,net.endpoints.localhost:" + port + ".connect-timeout=1s")
                .run(ConnectHang.class.getName(), "socket", String.valueOf(port)).assertAgentHealthy();
        Matcher m = Pattern.compile("ConnectHang: java.net.SocketTimeoutException after (\\d+) ms").matcher(run.stdout);
        assertTrue(m.find(), "the endpoint's own timeout:\n" + run);
        assertTrue(Long.parseLong(m.group(1)) < 15_000, run.toString());
    }

    @Test
    void aDefaultReadTimeoutEndsAReadFromASilentPeer() throws Exception {
        JvmRun.Result run = JvmRun.on(JDK).agent("mode=enforce,net.read-timeout=1s")
                .run(ConnectHang.class.getName(), "read").assertAgentHealthy();
        Matcher m = Pattern.compile("ConnectHang: read java.net.SocketTimeoutException after (\\d+) ms").matcher(run.stdout);
        assertTrue(m.find(), run.toString());
        long ms = Long.parseLong(m.group(1));
        assertTrue(ms >= 900 && ms < 15_000, ms + " ms\n" + run);
    }

    @Test
    void aSocketQuotaRefusesWithTheQuotaAndTheTopHolders() throws Exception {
        int line = SourceMarkers.of(SocketQuotaApp.class).get("client");
        JvmRun.Result run = JvmRun.on(JDK).agent("mode=enforce,net.max-sockets=5")
                .run(SocketQuotaApp.class.getName()).assertAgentHealthy();
        assertTrue(run.stdout.contains("SocketQuotaApp: refused: java.net.ConnectException: leakguard refused a socket: "
                + "quota net.max-sockets=5 reached (5 open). Top holders: 2 x " + SocketQuotaApp.class.getName()
                + ".main(SocketQuotaApp.java:" + line + ")"), run.toString());
        assertTrue(run.stdout.contains("SocketQuotaApp: after release, connected true"), run.toString());
        assertTrue(run.stderr.contains("[quota-refused] 1 socket refused by a quota"), run.toString());

        JvmRun.Result perEndpoint = JvmRun.on(JDK).agent("mode=enforce,net.max-sockets-per-endpoint=3")
                .run(SocketQuotaApp.class.getName()).assertAgentHealthy();
        assertTrue(perEndpoint.stdout.contains("quota net.max-sockets-per-endpoint=3 reached for localhost:"),
                perEndpoint.toString());
    }

    @Test
    void jdbcConnectsToADeadDatabaseTripTheSameBreaker() throws Exception {
        JvmRun.Result run = JvmRun.on(JDK).classPath(JvmRun.appsClassPath())
                .agent("mode=enforce,net.circuit-breaker=on").run(DeadDatabase.class.getName()).assertAgentHealthy();
        for (int i = 1; i <= 5; i++) {
            assertTrue(run.stdout.contains("DeadDatabase: attempt " + i + " failed after"), run.toString());
        }
        assertTrue(Pattern.compile("DeadDatabase: attempt 6 failed after \\d+ ms: ConnectException: circuit open for "
                + "127\\.0\\.0\\.1:\\d+: 5 consecutive connect failures").matcher(run.stdout).find(), run.toString());
    }

    @OnEachJdk
    void theCircuitOpensAfterFiveFailuresAndClosesWhenTheEndpointComesBack(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk)
                .agent("mode=enforce,net.circuit-breaker=on,net.circuit-breaker.cool-down=1s")
                .run(BreakerApp.class.getName(), "1000").assertAgentHealthy();
        for (int i = 1; i <= 5; i++) {
            assertTrue(run.stdout.contains("BreakerApp: connect " + i + " failed after") 
                    && !run.stdout.contains("connect " + i + " failed after 0 ms: circuit open"), run.toString());
        }
        Matcher sixth = Pattern.compile("BreakerApp: connect 6 failed after (\\d+) ms: circuit open for localhost:(\\d+): "
                + "5 consecutive connect failures; leakguard will let one connect try again at ").matcher(run.stdout);
        assertTrue(sixth.find(), "the sixth connect fails fast, naming the endpoint:\n" + run);
        assertTrue(Long.parseLong(sixth.group(1)) < 1000, run.toString());
        assertTrue(run.stdout.contains("BreakerApp: after the cool-down, connect succeeded: true"), run.toString());
        assertTrue(run.stdout.contains("BreakerApp: and the next one too: true"), run.toString());
        assertTrue(run.stderr.contains("[circuit-open] circuit opened for localhost:" + sixth.group(2)), run.toString());
        assertTrue(run.stderr.contains("[circuit-closed] circuit closed for localhost:" + sixth.group(2)), run.toString());

        JvmRun.Result monitor = JvmRun.on(jdk).agent("net.circuit-breaker=on,net.circuit-breaker.cool-down=1s")
                .run(BreakerApp.class.getName(), "0").assertAgentHealthy();
        assertEquals(0, monitor.stdout.lines().filter(l -> l.contains("circuit open")).count(),
                "monitor mode never refuses:\n" + monitor);
    }
}

package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.sockets.BreakerApp;
import io.leakguard.apps.sockets.ConnectHang;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Enforce mode for sockets: the default connect timeout and the circuit breaker. */
class SocketEnforceTest {
    static Stream<Path> jdks() {
        return Jdks.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConnectWithoutTimeoutToAFullBacklogFailsAfterTheDefault(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).agent("mode=enforce,net.connect-timeout=1s")
                .run(ConnectHang.class.getName()).assertAgentHealthy();
        Matcher m = Pattern.compile("ConnectHang: java.net.SocketTimeoutException after (\\d+) ms").matcher(run.stdout);
        assertTrue(m.find(), "a timeout instead of a hang:\n" + run);
        long ms = Long.parseLong(m.group(1));
        // About a second, not the minutes the kernel would keep retrying. Wide bounds: shared machine.
        assertTrue(ms >= 900 && ms < 15_000, ms + " ms\n" + run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
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

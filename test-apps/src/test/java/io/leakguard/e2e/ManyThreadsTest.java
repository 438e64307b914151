package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.scale.BusyThreads;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * site.budget holds for the process, not for each thread: with more busy threads than cores,
 * each thread's own budget (earned on the wall clock) added up past the machine, and nearly
 * every acquisition walked its stack. Read through the agent's own metric of the walks' time.
 */
class ManyThreadsTest {
    private static final Pattern DONE = Pattern.compile("done (\\d+) (\\d+) (\\d+)");

    @OnEachJdk
    void busyThreadsTogetherWalkNoMoreThanTheBudgetOfTheMachine(Path jdk, @TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        int threads = 16 * Runtime.getRuntime().availableProcessors();
        Path out = tmp.resolve("busy.out");
        Path err = tmp.resolve("busy.err");
        Process app = JvmRun.on(jdk).agent("metrics.port=" + port)
                .start(out, err, BusyThreads.class.getName(), String.valueOf(threads), "2000", "60000");
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            Matcher done;
            while (!(done = DONE.matcher(Files.readString(out))).find()) {
                assertTrue(app.isAlive() && System.currentTimeMillis() < deadline, "not done: " + Files.readString(err));
                Thread.sleep(50);
            }
            double uptime = Long.parseLong(done.group(1)) / 1000.0;
            int cpus = Integer.parseInt(done.group(2));
            assertTrue(Long.parseLong(done.group(3)) > 0, done.group());
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double walked = value(metrics, "leakguard_site_walk_seconds_total");
            assertTrue(value(metrics, "leakguard_site_walks_total") > 0, metrics);
            assertEquals(0.0, value(metrics, "leakguard_agent_errors_total"), metrics);
            // site.budget (5 %) of each core since start, the process's burst (50 ms a core), and
            // the walks of threads that had not walked for a second (each charged at most 1 ms):
            // one a second at most, for resources and one for locks.
            double bound = 0.05 * cpus * uptime + 0.05 * cpus + 2 * (threads + 1) * uptime * 0.001;
            assertTrue(walked <= bound, "walked " + walked + " s in " + uptime + " s with " + threads + " threads on "
                    + cpus + " cores: more than " + bound + " s\n" + metrics);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), name + " missing:\n" + metrics);
        return Double.parseDouble(m.group(1));
    }
}

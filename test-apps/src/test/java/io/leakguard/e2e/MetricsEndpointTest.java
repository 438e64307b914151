package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.observe.HeldFiles;
import io.leakguard.apps.startup.QuickExit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metrics endpoint is never a lever on its host: its connections are capped and short-lived,
 * its descriptors are not the application's pressure, a client that sends half a request holds up
 * nobody, HEAD and bad requests are answered without a word on the application's stderr, its
 * threads never keep the JVM alive, and binding beyond loopback is said once.
 */
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {
    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    private static void awaitLine(Process app, Path out, Path err, String line) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.readString(out).contains(line)) {
            assertTrue(app.isAlive() && System.currentTimeMillis() < deadline, "no '" + line + "': " + Files.readString(err));
            Thread.sleep(50);
        }
    }

    /** The sockets a process holds, from /proc. */
    private static long sockets(long pid) throws IOException {
        long n = 0;
        try (Stream<Path> fds = Files.list(Paths.get("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException closedMeanwhile) {
                    // gone
                }
            }
        }
        return n;
    }

    private static String scrape(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /**
     * A scrape while the test itself holds some of the endpoint's four connections: one accepted
     * while all four are taken is closed unanswered (the endpoint's bound, by design), and an idle
     * client keeps its slot for up to three seconds; so try again until one is free (10 s at most).
     */
    private static String scrapeWhenASlotIsFree(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return scrape(port);
            } catch (IOException closedUnanswered) {
                if (System.nanoTime() > deadline) {
                    throw closedUnanswered;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * The descriptors in use as the pressure monitor last counted them (its fd ratio times the
     * 256 limit the test sets), the least of {@code n} scrapes 300 ms apart.
     */
    private static long fdsInUse(int port, int n) throws Exception {
        long least = Long.MAX_VALUE;
        Pattern ratio = Pattern.compile("leakguard_pressure_ratio\\{resource=\"fd\"\\} ([0-9.eE-]+)");
        for (int i = 0; i < n; i++) {
            String metrics = scrapeWhenASlotIsFree(port);
            Matcher m = ratio.matcher(metrics);
            assertTrue(m.find(), metrics);
            least = Math.min(least, Math.round(Double.parseDouble(m.group(1)) * 256));
            Thread.sleep(300);
        }
        return least;
    }

    /** One raw request, the whole answer (the server closes after it). */
    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * 240 idle connections under a 256-descriptor limit, in enforce mode with a short
     * leak.critical: the endpoint holds a few at most, so descriptor pressure stays normal and the
     * application's held files are not reclaimed, its opens not refused. (The JDK HttpServer kept
     * every one: the application ran out of descriptors and enforce mode reclaimed its files.)
     */
    @OnEachJdk
    void manyIdleConnectionsAreCappedAndTheApplicationsFilesAreUnaffected(Path jdk, @TempDir Path tmp) throws Exception {
        int port = freePort();
        Path dir = tmp;
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Path stop = dir.resolve("stop");
        Process app = JvmRun.on(jdk).shell("ulimit -n 256")
                .agent("mode=enforce,leak.warn=1s,leak.critical=2s,metrics.port=" + port)
                .start(out, err, HeldFiles.class.getName(), stop.toString());
        List<Socket> idle = new ArrayList<>();
        try {
            awaitLine(app, out, err, "ready");
            scrape(port);

            // The endpoint's own connections are not the application's descriptors: three idle
            // clients held open move the pressure monitor's count by nothing (it read 3 more when
            // it counted them). The least of a few readings, to leave out the application's
            // own file opened and closed between two of them.
            long baseline = fdsInUse(port, 4);
            List<Socket> three = new ArrayList<>();
            long held;
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                    three.add(s);
                }
                Thread.sleep(600);
                held = fdsInUse(port, 3);
            } finally {
                for (Socket s : three) {
                    s.close();
                }
            }
            Thread.sleep(500);
            // Compared with the reading before and the one after: the JVM itself may open
            // descriptors of its own in between (a step seen once under load), which moves the
            // readings after it too; the three clients move only the one in the middle.
            long after = fdsInUse(port, 3);
            long moved = held - Math.max(baseline, after);
            assertTrue(moved <= 1, "the pressure monitor counted " + moved + " more descriptors in use while 3 clients "
                    + "were connected to the endpoint (before " + baseline + ", during " + held + ", after " + after + ")");

            long before = sockets(app.pid());
            for (int i = 0; i < 240; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                } catch (SocketTimeoutException backlogFull) {
                    // the kernel's queue is full: not one of the application's descriptors either
                }
                idle.add(s);
            }
            long most = 0;
            for (int i = 0; i < 20; i++) {
                most = Math.max(most, sockets(app.pid()));
                Thread.sleep(150);
            }
            assertTrue(most - before <= 5, "the endpoint held " + (most - before) + " more sockets while 240 idle "
                    + "clients were connected:\n" + Files.readString(err));
            String metrics = scrapeWhenASlotIsFree(port);
            assertTrue(metrics.contains("leakguard_pressure_level{resource=\"fd\"} 0"), metrics);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
            Files.createFile(stop);
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        String stdout = Files.readString(out);
        assertTrue(stdout.contains("opens failed: 0\n"), stdout + Files.readString(err));
        assertTrue(stdout.contains("held files closed: 0\n"), stdout + Files.readString(err));
        assertFalse(Files.readString(err).contains("leakguard: internal error"), Files.readString(err));
    }

    /**
     * A client that sends half a request and waits is closed after a few seconds, and a scrape
     * meanwhile is answered at once. HEAD is answered with the headers, other methods 405, other
     * paths 404, nonsense 400, and none of it writes anything to the application's stderr (the JDK
     * HttpServer printed a warning for HEAD, and its one thread waited on the half request forever).
     */
    @OnEachJdk
    void halfRequestsHeadAndBadRequestsHoldUpNobodyAndSayNothing(Path jdk, @TempDir Path tmp) throws Exception {
        int port = freePort();
        Path out = tmp.resolve("e2e-half.out");
        Path err = tmp.resolve("e2e-half.err");
        Process app = JvmRun.on(jdk).agent("metrics.port=" + port).start(out, err, QuickExit.class.getName(), "60000");
        try {
            awaitLine(app, out, err, "hello");
            try (Socket half = new Socket()) {
                half.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                OutputStream o = half.getOutputStream();
                o.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                o.flush();
                Thread.sleep(300);
                assertTrue(scrape(port).contains("leakguard_open_resources"), "a scrape beside the half request");
                half.setSoTimeout(15_000);
                InputStream in = half.getInputStream();
                long t0 = System.nanoTime();
                try {
                    while (in.read() >= 0) {
                        // whatever the server says before closing
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the half request was still open after 15 s", e);
                } catch (IOException reset) {
                    // closed by the server
                }
                assertTrue(System.nanoTime() - t0 < 15_000_000_000L);
            }

            String head = raw(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertTrue(head.contains("Content-Type: text/plain; version=0.0.4"), head);
            assertTrue(head.endsWith("\r\n\r\n"), "headers only:\n" + head);
            assertTrue(raw(port, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n").startsWith("HTTP/1.1 405 "));
            assertTrue(raw(port, "GET /other HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404 "));
            assertTrue(raw(port, "\u0016\u0003\u0001 hello\r\n\r\n").startsWith("HTTP/1.1 400 "));
            assertTrue(raw(port, "GET /metrics?x=1 HTTP/1.0\r\n\r\n").startsWith("HTTP/1.1 200 "));
            assertTrue(scrape(port).contains("leakguard_open_resources"));
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> noise = new ArrayList<>();
        for (String line : Files.readAllLines(err)) {
            if (line.contains("WARNING") || line.contains("SEVERE") || line.contains("httpserver")
                    || line.contains("Exception")) {
                noise.add(line);
            }
        }
        assertEquals(List.of(), noise, "the application's stderr:\n" + Files.readString(err));
    }

    /**
     * With metrics.port set and the install made before main() (install=sync), the JVM still ends
     * when main returns: the endpoint's threads are daemons (the JDK HttpServer's dispatcher was
     * not). On loopback, no warning; bound to 0.0.0.0, one line says so.
     */
    @OnEachJdk
    void theEndpointNeverKeepsTheJvmAliveAndWarnsBeyondLoopback(Path jdk, @TempDir Path tmp) throws Exception {
        for (String host : List.of("127.0.0.1", "0.0.0.0")) {
            int port = freePort();
            Path out = tmp.resolve(host + ".out");
            Path err = tmp.resolve(host + ".err");
            Process app = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "sync")
                    .agent("metrics.port=" + port + ",metrics.host=" + host)
                    .start(out, err, QuickExit.class.getName(), "500");
            boolean ended = app.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                app.destroyForcibly().waitFor();
            }
            String stderr = Files.readString(err);
            assertTrue(ended, host + ": the JVM did not end after main returned:\n" + stderr);
            assertTrue(stderr.contains("QuickExit: main ran") && stderr.contains(JvmRun.ON_LINE), stderr);
            long warnings = stderr.lines().filter(l -> l.contains("beyond loopback")).count();
            assertEquals(host.equals("0.0.0.0") ? 1 : 0, warnings, host + ":\n" + stderr);
            if (warnings == 1) {
                assertTrue(stderr.contains("leakguard: the metrics endpoint listens on 0.0.0.0:" + port), stderr);
            }
        }
    }
}

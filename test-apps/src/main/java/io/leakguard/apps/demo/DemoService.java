package io.leakguard.apps.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demo service: a small HTTP service on HikariCP over embedded H2, with one endpoint that
 * leaks a connection per request. It drives itself: it starts, sends a bounded number of
 * requests to itself over 127.0.0.1, prints each answer, and stops.
 *
 * <pre>
 * java -javaagent:leakguard-agent.jar=... -cp ... io.leakguard.apps.demo.DemoService [requests] [interval-ms] [pool-size] [wait-ms]
 * </pre>
 *
 * wait-ms is how long a request waits for a free connection (HikariCP's connectionTimeout, at
 * least 250; 1000 by default) before it fails.
 *
 * Without leakguard the pool runs dry after pool-size requests and the endpoint fails. Under
 * leakguard in monitor mode the leak is reported at the endpoint's line; in enforce mode the
 * leaked connections are reclaimed and the service keeps answering.
 */
public final class DemoService {
    private final HikariDataSource pool;
    private final List<Connection> leaked = new CopyOnWriteArrayList<>();

    private DemoService(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * In monitor mode the agent installs itself in the background (about half a second) and does
     * not see what was opened before: a real service is still starting then, but this demo would
     * leak its first connections unseen. So when it runs under leakguard it waits for it.
     */
    private static void awaitAgent() throws InterruptedException {
        boolean underAgent = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("leakguard"));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (underAgent && System.getProperty("leakguard.agent.version") == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        long interval = args.length > 1 ? Long.parseLong(args[1]) : 500;
        int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long wait = args.length > 3 ? Long.parseLong(args[3]) : 1000;

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(wait);
        config.setPoolName("demo-pool");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table greetings(id int primary key, text varchar(100))");
                s.execute("insert into greetings values (1, 'hello from the demo service')");
            }
            DemoService service = new DemoService(pool);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/greeting", ex -> service.answer(ex, false));
            server.createContext("/leaky-greeting", ex -> service.answer(ex, true));
            server.createContext("/stale", service::stale);
            server.start();
            int port = server.getAddress().getPort();
            System.out.println("demo: listening on http://127.0.0.1:" + port + " (pool of " + poolSize + ")");
            awaitAgent();

            int ok = 0;
            for (int i = 1; i <= requests; i++) {
                String answer = get(port, "/leaky-greeting");
                System.out.println("demo: request " + i + " -> " + answer);
                if (answer.startsWith("200")) {
                    ok++;
                }
                Thread.sleep(interval);
            }
            System.out.println("demo: reusing the first leaked connection -> " + get(port, "/stale"));
            System.out.println("demo: " + ok + " of " + requests + " requests answered");
            server.stop(0);
        }
    }

    private void answer(HttpExchange ex, boolean leak) throws IOException {
        try {
            String text = leak ? leakyGreeting() : greeting();
            respond(ex, 200, text);
        } catch (SQLException e) {
            respond(ex, 500, e.getMessage());
        }
    }

    private String greeting() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("select text from greetings where id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The bug: the connection is never closed (kept "for later", and forgotten). */
    private String leakyGreeting() throws SQLException {
        Connection c = pool.getConnection();                                  // LEAK: endpoint
        leaked.add(c);
        try (PreparedStatement ps = c.prepareStatement("select text from greetings where id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void stale(HttpExchange ex) throws IOException {
        if (leaked.isEmpty()) {
            respond(ex, 404, "nothing leaked yet");
            return;
        }
        try (PreparedStatement ps = leaked.get(0).prepareStatement("select 1")) {
            respond(ex, 200, "still usable");
        } catch (SQLException e) {
            respond(ex, 500, e.getMessage());
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String get(int port, String path) throws IOException {
        HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        http.setConnectTimeout(5000);
        http.setReadTimeout(10_000);
        try {
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            http.disconnect();
        }
    }
}

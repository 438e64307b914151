package io.leakguard.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.AgentThread;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code metrics.port=}: the metrics in Prometheus' text format at /metrics, on 127.0.0.1 unless
 * {@code metrics.host} names another address. The JDK's own HTTP server; its handler runs on an
 * agent thread, so the endpoint's sockets are never the application's.
 */
public final class PrometheusEndpoint {
    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    public static PrometheusEndpoint start(String host, int port, Supplier<MetricsSnapshot> metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 8);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> new AgentThread(r, "leakguard-metrics")));
        server.createContext("/metrics", exchange -> serve(exchange, metrics));
        server.start();
        return new PrometheusEndpoint(server);
    }

    private static void serve(HttpExchange exchange, Supplier<MetricsSnapshot> metrics) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = metrics.get().toPrometheusText().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (Throwable t) {
            AgentErrors.record("metrics endpoint", t);
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }
}

package io.leakguard.agent.metrics;

import io.leakguard.bootstrap.AgentErrors;
import io.leakguard.bootstrap.AgentThread;
import io.leakguard.bootstrap.Pressure;
import io.leakguard.bootstrap.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code metrics.port=}: the metrics in Prometheus' text format at /metrics, on 127.0.0.1 unless
 * {@code metrics.host} names another address.
 *
 * <p>A small server of its own on a {@link ServerSocket}, not the JDK's HttpServer: an endpoint
 * inside someone else's JVM must never be a lever on it. HttpServer keeps idle connections for
 * 30 s without a cap (any local user could hold hundreds of descriptors open and push the
 * application into descriptor pressure), its one handler thread waits forever on a client that
 * sends half a request, it prints a warning to the application's stderr for a HEAD request, and
 * its dispatcher thread is not a daemon (it kept the JVM alive after main returned). Here:
 * <ul>
 * <li>at most {@value #MAX_CONNECTIONS} connections at once, each on its own daemon agent
 *     thread; one more is accepted and closed at once;
 * <li>every connection is closed {@value #DEADLINE_MS} ms after it was accepted at the latest,
 *     whatever it did (half a request, a response it does not read): the accepting thread closes
 *     overdue sockets, which also ends a blocked write;
 * <li>one request per connection (Connection: close); GET and HEAD /metrics are answered, any other
 *     method 405, any other path 404, anything unreadable 400, never a word on stderr;
 * <li>its descriptors are counted as the agent's ({@link Pressure#agentDescriptors}), never as
 *     the application's pressure, and its threads are agent threads, so its sockets are never
 *     tracked or reported.
 * </ul>
 */
public final class PrometheusEndpoint {
    static final int MAX_CONNECTIONS = 4;
    /** From accept to close, at the latest: reading the request, rendering, writing. */
    static final int DEADLINE_MS = 3000;
    private static final int MAX_REQUEST_HEAD = 8192;
    /**
     * The kernel's queue of connections not yet accepted: they hold no descriptor of this
     * process, and a queue too short drops connection attempts while the machine is busy.
     */
    private static final int BACKLOG = 50;
    /** How often the accepting thread wakes to close overdue connections. */
    private static final int SWEEP_MS = 250;

    private final ServerSocket server;
    private final Supplier<MetricsSnapshot> metrics;
    /** Open connections and when each must be closed (System.nanoTime()). */
    private final Map<Socket, Long> open = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private PrometheusEndpoint(ServerSocket server, Supplier<MetricsSnapshot> metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    public static PrometheusEndpoint start(String host, int port, Supplier<MetricsSnapshot> metrics) throws IOException {
        ServerSocket server;
        // Bracketed: on a re-attach the application's thread may already carry our advice.
        Tracker.enterAgentCode();
        try {
            server = new ServerSocket();
            try {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(host, port), BACKLOG);
                server.setSoTimeout(SWEEP_MS);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } finally {
            Tracker.exitAgentCode();
        }
        Pressure.agentDescriptors(1);
        PrometheusEndpoint endpoint = new PrometheusEndpoint(server, metrics);
        new AgentThread(endpoint::acceptLoop, "leakguard-metrics").start();
        InetAddress bound = server.getInetAddress();
        if (!bound.isLoopbackAddress()) {
            System.err.println("leakguard: the metrics endpoint listens on " + host + ":" + endpoint.port()
                    + ", beyond loopback: anyone who can reach this host on that port can read the metrics "
                    + "(metrics.host=127.0.0.1 keeps them local)");
        }
        return endpoint;
    }

    public int port() {
        return server.getLocalPort();
    }

    public void stop() {
        stopped = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
        for (Socket s : open.keySet()) {
            close(s);
        }
    }

    private void acceptLoop() {
        try {
            while (!stopped) {
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException sweep) {
                    closeOverdue();
                    continue;
                } catch (IOException acceptFailed) {
                    if (stopped || server.isClosed()) {
                        break;
                    }
                    // No descriptor free (EMFILE) or a client gone before accept: the endpoint
                    // waits and serves again when descriptors are back, instead of ending.
                    closeOverdue();
                    Thread.sleep(SWEEP_MS);
                    continue;
                }
                Pressure.agentDescriptors(1);
                if (open.size() >= MAX_CONNECTIONS) {
                    closeQuietly(s);
                } else {
                    open.put(s, System.nanoTime() + DEADLINE_MS * 1_000_000L);
                    new AgentThread(() -> serve(s), "leakguard-metrics-request").start();
                }
                closeOverdue();
            }
        } catch (Throwable t) {
            if (!stopped) {
                AgentErrors.record("metrics endpoint", t);
            }
        } finally {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
            Pressure.agentDescriptors(-1);
        }
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        for (Map.Entry<Socket, Long> e : open.entrySet()) {
            if (now - e.getValue() > 0) {
                close(e.getKey());
            }
        }
    }

    /** Closes a connection once, whoever gets there first (its thread or the sweep). */
    private void close(Socket s) {
        if (open.remove(s) != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        } finally {
            Pressure.agentDescriptors(-1);
        }
    }

    private void serve(Socket s) {
        try {
            Long deadline = open.get(s);
            if (deadline == null) {
                return; // closed by the sweep or stop() already
            }
            String requestLine = readHead(s, deadline);
            respond(s.getOutputStream(), requestLine);
        } catch (IOException clientWentAway) {
            // A client that stops talking, resets or overruns its time is the client's business.
        } catch (Throwable t) {
            AgentErrors.record("metrics endpoint", t);
        } finally {
            close(s);
        }
    }

    /** The request line, once the whole head has arrived; null if it is not a request. */
    private static String readHead(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        byte[] head = new byte[MAX_REQUEST_HEAD];
        int n = 0;
        while (n < head.length) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("request head not complete in time");
            }
            s.setSoTimeout((int) left);
            int read = in.read(head, n, head.length - n);
            if (read < 0) {
                return null;
            }
            int from = Math.max(0, n - 3);
            n += read;
            for (int i = from; i < n; i++) {
                if (endOfHead(head, i + 1)) {
                    String text = new String(head, 0, i + 1, StandardCharsets.ISO_8859_1);
                    return text.substring(0, text.indexOf('\n')).trim();
                }
            }
        }
        return null;
    }

    private static boolean endOfHead(byte[] b, int n) {
        return (n >= 2 && b[n - 1] == '\n' && b[n - 2] == '\n')
                || (n >= 4 && b[n - 1] == '\n' && b[n - 2] == '\r' && b[n - 3] == '\n' && b[n - 4] == '\r');
    }

    private void respond(OutputStream out, String requestLine) throws IOException {
        String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            write(out, "400 Bad Request", null, null, false);
            return;
        }
        String method = parts[0];
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (!path.equals("/metrics")) {
            write(out, "404 Not Found", null, null, false);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            write(out, "405 Method Not Allowed", "Allow: GET, HEAD\r\n", null, false);
            return;
        }
        byte[] body;
        try {
            body = metrics.get().toPrometheusText().getBytes(StandardCharsets.UTF_8);
        } catch (Throwable t) {
            AgentErrors.record("metrics endpoint", t);
            write(out, "500 Internal Server Error", null, null, false);
            return;
        }
        write(out, "200 OK", "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n", body, method.equals("HEAD"));
    }

    private static void write(OutputStream out, String status, String headers, byte[] body, boolean headOnly)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body;
        String head = "HTTP/1.1 " + status + "\r\n" + (headers == null ? "" : headers) + "Content-Length: "
                + content.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly) {
            out.write(content);
        }
        out.flush();
    }
}

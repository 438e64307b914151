package io.leakguard.apps.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The soak: the demo's clean endpoint (HikariCP over H2, behind the JDK's HTTP server) under a
 * bounded load from two client threads on 127.0.0.1 for a while. Every few seconds it prints the
 * heap in use after a GC and the process's open descriptors, so a run shows whether either grows.
 * Args: [seconds, default 30] [sample every seconds, 5].
 */
public final class CleanLoad {
    private CleanLoad() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        long every = args.length > 1 ? Long.parseLong(args[1]) : 5;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(4);
        config.setPoolName("soak-pool");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table greetings(id int primary key, text varchar(100))");
                s.execute("insert into greetings values (1, 'hello')");
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/greeting", ex -> {
                String text;
                int status = 200;
                try (Connection c = pool.getConnection();
                     PreparedStatement ps = c.prepareStatement("select text from greetings where id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    text = rs.getString(1);
                } catch (Exception e) {
                    status = 500;
                    text = String.valueOf(e);
                }
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            int port = server.getAddress().getPort();
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long end = System.currentTimeMillis() + seconds * 1000;
            Thread[] clients = new Thread[2];
            for (int t = 0; t < clients.length; t++) {
                clients[t] = new Thread(() -> {
                    while (System.currentTimeMillis() < end) {
                        try {
                            if (get(port) == 200) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                            Thread.sleep(2);
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "soak-client-" + t);
                clients[t].start();
            }
            while (System.currentTimeMillis() < end) {
                Thread.sleep(every * 1000);
                System.gc();
                Thread.sleep(200);
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.println("soak: sample requests=" + ok.get() + " heapKB=" + heap / 1024 + " fds=" + fds());
            }
            for (Thread c : clients) {
                c.join();
            }
            server.stop(0);
            System.out.println("soak: done ok=" + ok.get() + " failed=" + failed.get());
        }
    }

    private static int get(int port) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/greeting").openConnection();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
            return c.getResponseCode();
        }
    }

    private static long fds() throws IOException {
        try (Stream<?> s = Files.list(Paths.get("/proc/self/fd"))) {
            return s.count();
        }
    }
}

package io.leakguard.apps.pressure;

import io.leakguard.apps.jdbc.Databases;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A program with long-lived resources that are not leaks: a log file it appends to and a client
 * socket it keeps open, both held past leak.critical (run it with leak.critical=1s). Then
 * pressure comes: "fd" opens files until an open fails (run under {@code ulimit -n 256}), "jdbc"
 * borrows every connection jdbc.max-connections allows. Then it writes to its log and its socket
 * and prints whether that worked.
 */
public final class LongLivedApp {
    private LongLivedApp() {
    }

    public static void main(String[] args) throws Exception {
        String pressure = args.length > 0 ? args[0] : "fd";
        File logFile = File.createTempFile("leakguard-app", ".log");
        logFile.deleteOnExit();
        FileOutputStream log = new FileOutputStream(logFile, true);             // LEAK: log
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); // LEAK: client
            Socket accepted = server.accept();
            log.write("started\n".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(1800); // past leak.critical
            if (pressure.equals("fd")) {
                hogFiles();
            } else {
                hogConnections(Integer.parseInt(args[1]));
            }
            try {
                log.write("still logging\n".getBytes(StandardCharsets.UTF_8));
                log.flush();
                System.out.println("LongLivedApp: log write ok");
            } catch (IOException e) {
                System.out.println("LongLivedApp: log write failed: " + e);
            }
            try {
                OutputStream out = client.getOutputStream();
                out.write(42);
                out.flush();
                System.out.println("LongLivedApp: socket write ok, peer read " + accepted.getInputStream().read());
            } catch (IOException e) {
                System.out.println("LongLivedApp: socket write failed: " + e);
            }
            client.close();
            accepted.close();
        }
        log.close();
    }

    private static void hogFiles() throws Exception {
        File f = File.createTempFile("leakguard-hog", ".txt");
        f.deleteOnExit();
        Files.writeString(f.toPath(), "x");
        List<FileInputStream> held = new ArrayList<>();
        try {
            while (held.size() < 100_000) {
                held.add(new FileInputStream(f));
                Thread.sleep(2);
            }
        } catch (IOException e) {
            System.out.println("LongLivedApp: open failed after " + held.size() + ": " + e.getMessage());
        }
        Thread.sleep(600); // the monitor sees high and critical
        for (FileInputStream in : held) {
            in.close();
        }
    }

    private static void hogConnections(int max) throws Exception {
        DataSource pool = Databases.pool("hikari", "h2", max + 2);
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(pool.getConnection());
        }
        Thread.sleep(1000); // the monitor sees the connection pressure
        for (Connection c : held) {
            c.close();
        }
        Databases.close(pool);
    }
}

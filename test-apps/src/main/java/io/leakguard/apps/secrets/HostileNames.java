package io.leakguard.apps.secrets;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Holds resources whose descriptions carry secrets and hostile text, until exit: H2 connections
 * whose URLs carry a password (through DriverManager and through a Hikari pool), and a file
 * whose name holds a newline, a forged leakguard line and an ANSI escape, opened by a thread
 * whose name does the same. Prints the agent's MBean views (live report, text and JSON, and the
 * findings attribute) between markers so a test can compare them with stderr and report.json.
 */
public final class HostileNames {
    /** The password in every URL; no report may contain it. */
    public static final String SECRET = "Pw-9f3b-S3cret";
    public static final String FORGED = "leakguard: [definite] 1 forged line";
    public static final String FILE_NAME = "evil\n" + FORGED + "\u001b[31m.txt";
    public static final String THREAD_NAME = "worker\n" + FORGED + " thread\u2028x";

    private HostileNames() {
    }

    /** Argument: how long to hold everything after printing, before exiting (default 0 ms). */
    public static void main(String[] args) throws Exception {
        long holdMillis = args.length > 0 ? Long.parseLong(args[0]) : 0;
        List<Object> held = new ArrayList<>();
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", SECRET);
        held.add(DriverManager.getConnection("jdbc:h2:mem:shop;PASSWORD=" + SECRET, p)); // LEAK: driver

        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:pool;USER=sa;PASSWORD=" + SECRET);
        c.setUsername("sa");
        c.setPassword(SECRET);
        c.setMaximumPoolSize(2);
        c.setPoolName("hostile-pool");
        HikariDataSource ds = new HikariDataSource(c);
        Connection borrowed = ds.getConnection();                                        // LEAK: borrowed
        held.add(borrowed);

        Path dir = Files.createTempDirectory("leakguard-hostile");
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, "x");
        Thread t = new Thread(() -> {
            try {
                held.add(new FileInputStream(file.toFile()));                            // LEAK: file
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, THREAD_NAME);
        t.start();
        t.join();

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName("io.leakguard:type=Agent");
        for (int i = 0; i < 200 && !server.isRegistered(agent); i++) {
            Thread.sleep(50);
        }
        System.out.println("=== jmx report text");
        System.out.println(server.invoke(agent, "report", new Object[] {"", false}, new String[] {"java.lang.String", "boolean"}));
        System.out.println("=== jmx report json");
        System.out.println(server.invoke(agent, "report", new Object[] {"", true}, new String[] {"java.lang.String", "boolean"}));
        System.out.println("=== end");
        Thread.sleep(holdMillis);
        System.out.println("HostileNames: holding " + held.size());
    }
}

package io.leakguard.apps.startup;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A program that loads its JDBC driver in its first milliseconds, while a background install is
 * still running, then leaks a connection and a file once the agent says it is on. Proves the
 * install catches up with classes the application loaded meanwhile.
 */
public final class LateStart {
    private LateStart() {
    }

    @SuppressWarnings("resource")
    public static void main(String[] args) throws Exception {
        Class.forName("org.h2.Driver");
        boolean agentReadyAtDriverLoad = System.getProperty("leakguard.agent.version") != null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.getProperty("leakguard.agent.version") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Path file = Files.createTempFile("late-start", ".txt");
        file.toFile().deleteOnExit();
        Connection c = DriverManager.getConnection("jdbc:h2:mem:late", "sa", ""); // LEAK: connection
        FileInputStream in = new FileInputStream(file.toFile()); // LEAK: file
        System.out.println("LateStart: driver loaded " + (agentReadyAtDriverLoad ? "after" : "before")
                + " the agent was ready; holding " + (c.isClosed() ? 0 : 1) + " connection and "
                + (in.getFD().valid() ? 1 : 0) + " file");
    }
}

package io.leakguard.apps.startup;

import java.io.File;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Leaks a file, a socket and a JDBC connection in its very first lines and exits at once: what a
 * CLI tool, a batch job or a service's start-up does. With default options every one of them must
 * be in the exit report (issue 15: tracking from the first line), and the file its shutdown hook
 * opens must not (the exit's own work, like a coverage agent's).
 */
public final class FirstLines {
    private FirstLines() {
    }

    @SuppressWarnings("resource")
    public static void main(String[] args) throws Exception {
        File file = File.createTempFile("first-lines", ".txt");
        file.deleteOnExit();
        // The JVM's exit opens files too (JaCoCo's hook writes its exec file): never a leak.
        File exitWork = File.createTempFile("exit-work", ".txt");
        exitWork.deleteOnExit();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new java.io.FileOutputStream(exitWork).write('x'); // kept open while the JVM exits
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        FileInputStream in = new FileInputStream(file); // LEAK: file
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); // LEAK: server
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); // LEAK: socket
        Connection c = DriverManager.getConnection("jdbc:h2:mem:first", "sa", ""); // LEAK: connection
        System.out.println("FirstLines: holding " + (in.getFD().valid() ? 1 : 0) + " file, "
                + (socket.isConnected() ? 1 : 0) + " socket, " + (c.isClosed() ? 0 : 1) + " connection");
    }
}

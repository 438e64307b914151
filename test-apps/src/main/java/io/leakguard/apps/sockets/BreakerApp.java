package io.leakguard.apps.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Connects repeatedly to a local port with no listener, then (after the cool-down given as the
 * argument, in ms) starts a listener on that port and connects again. Prints each outcome.
 */
public final class BreakerApp {
    private BreakerApp() {
    }

    public static void main(String[] args) throws Exception {
        long coolDown = Long.parseLong(args[0]);
        InetAddress lo = InetAddress.getLoopbackAddress();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, lo)) {
            port = probe.getLocalPort();
        }
        InetSocketAddress target = new InetSocketAddress(lo, port);
        for (int i = 1; i <= 7; i++) {
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(target, 2000);
                System.out.println("BreakerApp: connect " + i + " succeeded");
            } catch (IOException e) {
                System.out.println("BreakerApp: connect " + i + " failed after " + (System.nanoTime() - start) / 1_000_000
                        + " ms: " + e.getMessage());
            }
        }
        Thread.sleep(coolDown + 200);
        try (ServerSocket server = new ServerSocket(port, 5, lo); Socket s = new Socket()) {
            s.connect(target, 2000);
            try (Socket peer = server.accept()) {
                System.out.println("BreakerApp: after the cool-down, connect succeeded: " + peer.isConnected());
            }
            try (Socket again = new Socket(lo, port); Socket peer2 = server.accept()) {
                System.out.println("BreakerApp: and the next one too: " + again.isConnected());
            }
        }
    }
}

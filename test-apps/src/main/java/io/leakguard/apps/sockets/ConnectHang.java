package io.leakguard.apps.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects, without a timeout, to a listening socket whose backlog is full and that never
 * accepts: without leakguard this hangs for minutes (the kernel keeps retrying the SYN); under
 * enforce mode it fails after net.connect-timeout. Prints how it ended and after how long.
 */
public final class ConnectHang {
    private ConnectHang() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, lo)) {
            InetSocketAddress target = new InetSocketAddress(lo, server.getLocalPort());
            // Fill the accept queue; those connects complete (queued), later ones would hang.
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(target, 300);
                    fillers.add(s);
                } catch (IOException full) {
                    s.close();
                    break;
                }
            }
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(target);
                System.out.println("ConnectHang: connected after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (IOException e) {
                System.out.println("ConnectHang: " + e.getClass().getName() + " after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }
}

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

    /** Connects (explicit timeout) to a peer that never sends, and reads: blocks forever without SO_TIMEOUT. */
    private static void readFromSilentPeer() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 5, lo); Socket s = new Socket()) {
            s.connect(new InetSocketAddress(lo, server.getLocalPort()), 2000);
            long start = System.nanoTime();
            try {
                s.getInputStream().read();
                System.out.println("ConnectHang: read returned");
            } catch (IOException e) {
                System.out.println("ConnectHang: read " + e.getClass().getName() + " after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        }
    }

    private static java.io.Closeable connectSocket(InetSocketAddress target) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(target);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static java.io.Closeable connectChannel(InetSocketAddress target) throws IOException {
        java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
        try {
            ch.connect(target);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Arguments: "socket" or "channel" (a blocking SocketChannel.connect), and the port (0 = any). */
    public static void main(String[] args) throws Exception {
        boolean channel = args.length > 0 && args[0].equals("channel");
        if (args.length > 0 && args[0].equals("read")) {
            readFromSilentPeer();
            return;
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(port, 1, lo)) {
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
            try (java.io.Closeable c = channel ? connectChannel(target) : connectSocket(target)) {
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

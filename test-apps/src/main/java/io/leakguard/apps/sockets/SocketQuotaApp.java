package io.leakguard.apps.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Opens client sockets (and accepts them) until one is refused; prints what the refusal said. */
public final class SocketQuotaApp {
    private SocketQuotaApp() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<Socket> held = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            try {
                for (int i = 0; i < 10; i++) {
                    held.add(new Socket(lo, server.getLocalPort()));         // LEAK: client
                    held.add(server.accept());
                }
                System.out.println("SocketQuotaApp: no refusal");
            } catch (IOException e) {
                System.out.println("SocketQuotaApp: refused: " + e.getClass().getName() + ": " + e.getMessage());
            }
            for (Socket s : held) {
                s.close();
            }
            try (Socket again = new Socket(lo, server.getLocalPort()); Socket peer = server.accept()) {
                System.out.println("SocketQuotaApp: after release, connected " + again.isConnected());
            }
        }
    }
}

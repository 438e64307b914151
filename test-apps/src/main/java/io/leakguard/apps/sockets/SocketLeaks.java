package io.leakguard.apps.sockets;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaks sockets, channels and a selector on the loopback interface, each at a line marked
 * "LEAK:" for the end-to-end tests. Exits with status 3. Argument: hold time in ms.
 */
public final class SocketLeaks {
    private static final List<Object> HELD = new ArrayList<>();

    private SocketLeaks() {
    }

    public static void main(String[] args) throws Exception {
        long hold = args.length > 0 ? Long.parseLong(args[0]) : 0;
        InetAddress lo = InetAddress.getLoopbackAddress();
        ServerSocket server = new ServerSocket(0, 50, lo);                    // LEAK: server-socket
        int port = server.getLocalPort();
        HELD.add(server);
        HELD.add(new Socket(lo, port));                                       // LEAK: client
        HELD.add(server.accept());                                            // LEAK: accepted
        HELD.add(SocketChannel.open(new InetSocketAddress(lo, port)));        // LEAK: channel
        HELD.add(server.accept());                                            // LEAK: accepted-for-channel
        HELD.add(ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0))); // LEAK: server-channel
        HELD.add(new DatagramSocket(0, lo));                                  // LEAK: datagram
        HELD.add(Selector.open());                                            // LEAK: selector
        Socket bound = new Socket();
        bound.bind(new InetSocketAddress(lo, 0));                             // LEAK: bound
        HELD.add(bound);
        AsynchronousSocketChannel async = AsynchronousSocketChannel.open();  // LEAK: async-channel
        async.connect(new InetSocketAddress(lo, port)).get();
        HELD.add(async);
        HELD.add(server.accept());                                            // LEAK: accepted-for-async
        HELD.add(AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(lo, 0))); // LEAK: async-server
        HELD.add(Pipe.open());                                                // LEAK: pipe
        loseOne(lo, port);
        HELD.add(server.accept());                                            // LEAK: accepted-for-lost

        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Thread.sleep(hold);
        System.out.println("SocketLeaks: holding " + HELD.size());
        System.exit(3);
    }

    private static void loseOne(InetAddress lo, int port) throws IOException {
        Socket lost = new Socket(lo, port);                                   // LEAK: lost
        lost.setTcpNoDelay(true);
    }
}

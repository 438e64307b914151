package io.leakguard.apps.sockets;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Uses every tracked socket API on loopback and closes everything: nothing to report. */
public final class SocketClean {
    private SocketClean() {
    }

    public static void main(String[] args) throws Exception {
        long hold = args.length > 0 ? Long.parseLong(args[0]) : 0;
        InetAddress lo = InetAddress.getLoopbackAddress();
        int bytes = 0;
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            for (int i = 0; i < 20; i++) {
                try (Socket client = new Socket(lo, server.getLocalPort()); Socket peer = server.accept()) {
                    OutputStream out = client.getOutputStream();
                    out.write(42);
                    out.flush();
                    InputStream in = peer.getInputStream();
                    bytes += in.read() > 0 ? 1 : 0;
                }
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(lo, server.getLocalPort()));
                     Socket peer = server.accept()) {
                    ch.write(ByteBuffer.wrap(new byte[] {1}));
                    bytes += peer.getInputStream().read();
                }
            }
        }
        try (ServerSocketChannel ssc = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
             SocketChannel c = SocketChannel.open(ssc.getLocalAddress());
             SocketChannel accepted = ssc.accept()) {
            bytes += accepted.isConnected() && c.isConnected() ? 1 : 0;
        }
        try (DatagramSocket a = new DatagramSocket(0, lo); DatagramSocket b = new DatagramSocket(0, lo)) {
            a.send(new DatagramPacket(new byte[] {7}, 1, b.getLocalSocketAddress()));
            DatagramPacket p = new DatagramPacket(new byte[1], 1);
            b.receive(p);
            bytes += p.getData()[0];
        }
        try (Selector s = Selector.open()) {
            bytes += s.selectNow();
        }
        try (AsynchronousServerSocketChannel as = AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
             AsynchronousSocketChannel ac = AsynchronousSocketChannel.open()) {
            ac.connect(as.getLocalAddress()).get();
            try (AsynchronousSocketChannel peer = as.accept().get()) {
                bytes += peer.isOpen() ? 1 : 0;
            }
        }
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            sink.write(ByteBuffer.wrap(new byte[] {5}));
            ByteBuffer b = ByteBuffer.allocate(1);
            source.read(b);
            bytes += b.get(0);
        }
        Thread.sleep(hold);
        System.out.println("SocketClean: " + bytes);
    }
}

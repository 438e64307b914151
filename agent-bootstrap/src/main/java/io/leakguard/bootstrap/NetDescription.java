package io.leakguard.bootstrap;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * Describes a socket, channel or selector: its kind and addresses. The remote address known at
 * acquisition (a connect's endpoint) is kept; the rest is read from the live resource when a
 * report is written. Never holds the resource itself.
 */
final class NetDescription {
    final String kind;
    private final Object remote;
    /** host:port this socket counts against in net.max-sockets-per-endpoint, or null. */
    volatile String endpointKey;
    /**
     * A server accepted it: it belongs to the server, whose lifetime is not a test's. ci mode fails
     * a test for it only when the GC found it unclosed (issue 18, rule 4).
     */
    volatile boolean accepted;
    /** The thread that opened it (quota.wait: a thread never waits for a slot it holds itself). */
    final long openerThreadId = Thread.currentThread().getId();

    NetDescription(String kind, Object remote) {
        this.kind = kind;
        this.remote = remote;
    }

    String describe(Object live) {
        Object local = null;
        Object peer = remote;
        try {
            if (live instanceof Socket) {
                local = ((Socket) live).getLocalSocketAddress();
                peer = peer != null ? peer : ((Socket) live).getRemoteSocketAddress();
            } else if (live instanceof ServerSocket) {
                local = ((ServerSocket) live).getLocalSocketAddress();
            } else if (live instanceof SocketChannel) {
                local = ((SocketChannel) live).getLocalAddress();
                peer = peer != null ? peer : ((SocketChannel) live).getRemoteAddress();
            } else if (live instanceof java.nio.channels.AsynchronousSocketChannel) {
                local = ((java.nio.channels.AsynchronousSocketChannel) live).getLocalAddress();
                peer = peer != null ? peer : ((java.nio.channels.AsynchronousSocketChannel) live).getRemoteAddress();
            } else if (live instanceof NetworkChannel) {
                local = ((NetworkChannel) live).getLocalAddress();
            }
        } catch (Exception closedMeanwhile) {
            // Report what is known.
        }
        StringBuilder sb = new StringBuilder(kind);
        if (local != null) {
            sb.append(' ').append(local);
        }
        if (peer != null) {
            sb.append(" -> ").append(peer);
        }
        if (kind.equals("socketchannel")) {
            sb.append(" (the JDK has no Cleaner for a SocketChannel: a lost one keeps its descriptor until exit)");
        }
        return sb.toString();
    }

    /** An endpoint's key for breakers, quotas and messages: host:port. */
    static String keyOf(Object endpoint) {
        if (endpoint instanceof java.net.InetSocketAddress) {
            java.net.InetSocketAddress a = (java.net.InetSocketAddress) endpoint;
            return a.getHostString() + ":" + a.getPort();
        }
        return String.valueOf(endpoint);
    }
}

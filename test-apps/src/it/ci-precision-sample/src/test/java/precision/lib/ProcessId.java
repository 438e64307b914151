package precision.lib;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A library's process-wide singleton created lazily by its first use, not by a static initializer
 * (Narayana's SocketProcessId: a server socket its first transaction binds, to make the process
 * id unique, and keeps for the JVM's life).
 */
public final class ProcessId {
    private static Holder holder;

    private ProcessId() {
    }

    private static final class Holder {
        final List<ServerSocket> sockets = new ArrayList<>();
    }

    public static synchronized int get() throws IOException {
        if (holder == null) {
            Holder h = new Holder();
            h.sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            holder = h;
        }
        return holder.sockets.get(0).getLocalPort();
    }
}

package precision.isolated.lib;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code precision.lib.ProcessId} again (Narayana's SocketProcessId: a server socket its first use
 * binds and keeps for the JVM's life), in the package whose classes each isolated test class's
 * loader defines anew. Its static initializer notes each copy that is initialized, so a test can
 * tell that nothing initialized a copy that never ran.
 */
public final class IsolatedProcessId {
    /** The system property each initialized copy appends its loader to. */
    public static final String INITIALIZED = "precision.isolated.initialized";

    private static Holder holder;

    static {
        String was = System.getProperty(INITIALIZED, "");
        System.setProperty(INITIALIZED, was + "[" + IsolatedProcessId.class.getClassLoader() + "]");
    }

    private IsolatedProcessId() {
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

    /** A socket it opens and hands over, keeping nothing: the caller's to close. */
    public static ServerSocket another() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }
}

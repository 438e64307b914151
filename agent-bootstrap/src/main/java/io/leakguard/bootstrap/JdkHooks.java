package io.leakguard.bootstrap;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.zip.ZipFile;

/**
 * The calls woven into the JDK's resource classes (files, sockets, locks). Each woven place
 * makes exactly one call here; the forwarding to {@link Tracker}, {@link NetPolicy},
 * {@link Pressure} and {@link Locks} is inlined by the JIT.
 *
 * <p>Nothing here may throw into the JDK method it was woven into, except the deliberate
 * refusals (declared: a pressure or quota refusal, a lock wait that timed out): what the woven
 * code calls must never break the host, and the weaver adds no exception handler around the
 * call, so the catching is done here.
 */
public final class JdkHooks {
    /**
     * The watchdog of a SocketChannel connect in progress on this thread, from its start to its
     * end (the woven code has no local of its own to hold it). Connects are rare and slow; only
     * set in enforce mode with a connect timeout.
     */
    private static final ThreadLocal<Object> CONNECT_WATCHDOG = new ThreadLocal<>();

    private JdkHooks() {
    }

    // ---- files ----

    /** Before a file stream or RandomAccessFile opens: refused at critical descriptor pressure (enforce). */
    public static void fileOpening(Object file) throws FileNotFoundException {
        Pressure.fileOpening(file);
        if (SharedTraces.on) {
            SharedTraces.fileOpening();
        }
    }

    /** A file stream, RandomAccessFile or directory stream finished opening. */
    public static void fileOpened(Object resource, Object description) {
        try {
            Tracker.fileOpened(resource, description);
        } catch (Throwable t) {
            AgentErrors.record("file.open", t);
        }
    }

    /** ZipFile (and JarFile) finished opening. */
    public static void zipOpened(Object zip) {
        try {
            Tracker.fileOpened(zip, ((ZipFile) zip).getName());
        } catch (Throwable t) {
            AgentErrors.record("zip.open", t);
        }
    }

    public static void fileChannelOpened(Object channel, Object path, Object parent) {
        try {
            Tracker.fileChannelOpened(channel, path, parent);
        } catch (Throwable t) {
            AgentErrors.record("file.channel", t);
        }
    }

    /** close() (or the close hook it calls once) returned or threw: the descriptor is given back. */
    public static void released(Object resource) {
        try {
            Tracker.released(resource);
        } catch (Throwable t) {
            AgentErrors.record("release", t);
        }
    }

    // ---- sockets ----

    /** A channel, selector, bound socket or server socket was opened; kind names which. */
    public static void socketOpened(Object resource, String kind) {
        try {
            Tracker.socketOpened(resource, kind, null);
        } catch (Throwable t) {
            AgentErrors.record("socket.open", t);
        }
    }

    public static void socketAccepted(Object socket, boolean channel) {
        try {
            Tracker.socketAccepted(socket, channel);
        } catch (Throwable t) {
            AgentErrors.record("socket.accept", t);
        }
    }

    /** Before Socket.connect: the timeout to use; refuses (enforce) at an open circuit or a full quota. */
    public static int socketConnecting(Object endpoint, int timeout) throws IOException {
        return NetPolicy.beforeConnect(endpoint, timeout);
    }

    public static void socketConnected(Object socket, Object endpoint) {
        NetPolicy.afterConnect(socket, endpoint, null);
    }

    public static void socketConnectFailed(Throwable thrown, Object socket, Object endpoint) {
        NetPolicy.afterConnect(socket, endpoint, thrown);
    }

    /** Before SocketChannel.connect: breaker and quotas (enforce), and the watchdog of a blocking connect. */
    public static void channelConnecting(Object channel, Object endpoint) throws IOException {
        Object watchdog = NetPolicy.beforeChannelConnect(channel, endpoint);
        if (watchdog != null) {
            CONNECT_WATCHDOG.set(watchdog);
        }
    }

    public static void channelConnected(Object endpoint) {
        NetPolicy.afterChannelConnect(endpoint, takeWatchdog(), null);
    }

    /** A connect the watchdog ended is thrown as a SocketTimeoutException instead of what the JDK threw. */
    public static Throwable channelConnectFailed(Throwable thrown, Object endpoint) {
        Throwable t = NetPolicy.afterChannelConnect(endpoint, takeWatchdog(), thrown);
        return t == null ? thrown : t;
    }

    private static Object takeWatchdog() {
        Object w = CONNECT_WATCHDOG.get();
        if (w != null) {
            CONNECT_WATCHDOG.remove();
        }
        return w;
    }

    // ---- locks ----

    public static void lockAcquired(Object sync, byte kind) {
        try {
            Locks.acquired(sync, kind);
        } catch (Throwable t) {
            AgentErrors.record("lock", t);
        }
    }

    public static void lockTried(boolean acquired, Object sync, byte kind) {
        try {
            Locks.tried(sync, kind, acquired);
        } catch (Throwable t) {
            AgentErrors.record("lock", t);
        }
    }

    public static void lockReleased(Object sync) {
        try {
            Locks.released(sync);
        } catch (Throwable t) {
            AgentErrors.record("lock", t);
        }
    }

    public static void lockWaitBegins(Object sync) {
        try {
            Locks.waitBegins(sync);
        } catch (Throwable t) {
            AgentErrors.record("lock", t);
        }
    }

    public static void lockWaitEnds(Object sync) {
        try {
            Locks.waitEnds(sync);
        } catch (Throwable t) {
            AgentErrors.record("lock", t);
        }
    }

    /** Enforce with lock.on-timeout=throw: true when the bounded wait acquired the lock (the JDK's wait is skipped). */
    public static boolean lockAcquireWithin(Object sync, int arg) {
        return Locks.acquireWithin(sync, arg, false);
    }

    public static boolean lockAcquireWithin(Object sync, long arg) {
        return Locks.acquireWithin(sync, arg, false);
    }

    public static boolean lockAcquireSharedWithin(Object sync, int arg) {
        return Locks.acquireWithin(sync, arg, true);
    }

    public static boolean lockAcquireSharedWithin(Object sync, long arg) {
        return Locks.acquireWithin(sync, arg, true);
    }

    // ---- slow I/O (io.slow) ----

    /** Entering a blocking read, write or force on a stream, file or socket (op: IoInFlight.READ, WRITE, FORCE, SOCKET_READ, SOCKET_WRITE). */
    public static void ioBegins(Object resource, int op) {
        try {
            IoInFlight.begins(resource, op);
        } catch (Throwable t) {
            AgentErrors.record("io.slow", t);
        }
    }

    /** A FileChannel's call: a channel of a stream or RandomAccessFile is tracked as its parent. */
    public static void channelIoBegins(Object channel, Object parent, int op) {
        try {
            IoInFlight.begins(parent != null ? parent : channel, op);
        } catch (Throwable t) {
            AgentErrors.record("io.slow", t);
        }
    }

    /** The call returned. */
    public static void ioEnds() {
        try {
            IoInFlight.ends();
        } catch (Throwable t) {
            AgentErrors.record("io.slow", t);
        }
    }

    /** The call threw (a socket read's timeout leaves it awaiting its reply). */
    public static void ioThrew() {
        try {
            IoInFlight.threw();
        } catch (Throwable t) {
            AgentErrors.record("io.slow", t);
        }
    }

    // ---- threads ----

    /** Thread.start() returned. */
    public static void threadStarted(Object thread) {
        try {
            Threads.started(thread);
        } catch (Throwable t) {
            AgentErrors.record("thread.start", t);
        }
    }

    /** Thread.exit(): the thread is ending. */
    public static void threadEnds(Object thread) {
        try {
            Threads.ended(thread);
        } catch (Throwable t) {
            AgentErrors.record("thread.exit", t);
        }
    }

    /**
     * The JVM starts its application shutdown hooks (ApplicationShutdownHooks.runHooks): from
     * here on nothing opened is tracked. JaCoCo's hook opening its exec file, for one, was
     * reported as open at exit by every test JVM that ran both agents.
     */
    public static void shutdownBegins() {
        Acquisitions.shuttingDown = true;
    }

    /** A ThreadPoolExecutor was constructed (its canonical constructor returned). */
    public static void executorCreated(Object executor) {
        try {
            Threads.executorCreated(executor);
        } catch (Throwable t) {
            AgentErrors.record("thread.executor", t);
        }
    }

    /** ThreadPoolExecutor.addWorker begins: a worker's start() inside it is the executor's. */
    public static void workerAdding(Object executor) {
        try {
            Threads.workerAdding(executor);
        } catch (Throwable t) {
            AgentErrors.record("thread.executor", t);
        }
    }

    /** Executors' wrapper around an executor (newSingleThreadExecutor() and the like) was constructed. */
    public static void executorWrapped(Object wrapper, Object executor) {
        try {
            Threads.executorWrapped(wrapper, executor);
        } catch (Throwable t) {
            AgentErrors.record("thread.executor", t);
        }
    }

    public static void workerAdded() {
        try {
            Threads.workerAdded();
        } catch (Throwable t) {
            AgentErrors.record("thread.executor", t);
        }
    }
}

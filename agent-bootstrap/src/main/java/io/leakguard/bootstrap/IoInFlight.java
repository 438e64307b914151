package io.leakguard.bootstrap;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocking I/O call (read, write, force) one thread is in, for io.slow: set on entry, cleared
 * on exit, judged by the scanner. The hot path is a thread-local lookup, a read of the coarse
 * {@link Clock} (a volatile field, no clock call) and two volatile stores per call, never per
 * byte; nothing is allocated after a thread's first I/O call. The scanner sees how long a thread
 * has been in its current call from the stamp, so it needs no state of its own between scans.
 *
 * <p>Nested calls (RandomAccessFile.readFully calling read, a socket stream's read() calling
 * read(byte[], int, int)) keep the outermost call: only depth is counted. Every marker is
 * registered once, when its thread first does I/O, and dropped by the scanner when its thread has
 * ended; the marker holds its thread weakly.
 *
 * <p>A read on a socket is only slow when the thread is waiting for a reply: an HTTP, Redis or LDAP
 * client writes a request and reads the answer, while a WebSocket or broker client's read
 * loop or a subscriber idles in a read for as long as the peer has nothing to say, by design. So
 * each marker remembers (by identity hash: never the socket itself, which the GC must be free to
 * collect) which socket its thread last wrote to; a read of that socket is marked as awaiting a
 * reply until one such read returns normally (the reply has begun: the next read is not judged);
 * a read that throws (a timeout) leaves the mark. File I/O in between (a log line) changes
 * nothing. Per socket call: an identity hash (a header read once the object has one; the tracked
 * sockets have) and an int store or compare. A server's side (an accepted socket) is left to the
 * scanner, which never judges its reads ({@code SlowIo}). Not judged either: a reply read on
 * another thread than the request's write, a fan-out of requests to several sockets (only the
 * last one written is remembered), and the rest of a reply that stalls after its first bytes
 * (with TLS 1.3, the server's session ticket can be those first bytes on a new connection).
 */
public final class IoInFlight {
    public static final int READ = 0;
    public static final int WRITE = 1;
    public static final int FORCE = 2;
    /** A read and a write on a socket or socket channel (see the class comment on replies). */
    public static final int SOCKET_READ = 3;
    public static final int SOCKET_WRITE = 4;
    private static final String[] OPS = {"read", "write", "force", "read", "write"};

    /** No lambda: initialised inside instrumented JDK code, where invokedynamic's bootstrap is best avoided. */
    private static final class Current extends ThreadLocal<IoInFlight> {
        @Override
        protected IoInFlight initialValue() {
            IoInFlight m = new IoInFlight(Thread.currentThread());
            synchronized (ALL) {
                // Short-lived threads (a thread per task, virtual threads) would pile up between
                // scans: past twice the live count of the last pruning, the ended ones go now.
                if (ALL.size() >= pruneAt) {
                    pruneEnded();
                    pruneAt = Math.max(1024, 2 * ALL.size());
                }
                ALL.add(m);
            }
            return m;
        }
    }

    private static final List<IoInFlight> ALL = new ArrayList<>();
    /** Guarded by ALL. */
    private static int pruneAt = 1024;
    private static final ThreadLocal<IoInFlight> CURRENT = new Current();

    private final WeakReference<Thread> thread;
    /** Only the owning thread reads and writes these two. */
    private int depth;
    // Written before the volatile store of resource, which publishes them to the scanner.
    private int op;
    private long startedNanos;
    private boolean awaitsReply;
    /** Identity hash of the socket this thread last began a write on, 0 once a read of it followed; owner thread only. */
    private int lastWritten;
    /** The resource of the call in progress (its tracked object, or the stream that owns it); null between calls. */
    private volatile Object resource;

    private IoInFlight(Thread t) {
        this.thread = new WeakReference<>(t);
    }

    /** Entering a blocking call on resource. */
    static void begins(Object res, int operation) {
        IoInFlight m = CURRENT.get();
        if (m.depth++ == 0) {
            if (operation == SOCKET_WRITE) {
                m.lastWritten = System.identityHashCode(res);
            } else if (operation == SOCKET_READ) {
                int w = m.lastWritten;
                m.awaitsReply = w != 0 && w == System.identityHashCode(res);
            }
            m.op = operation;
            m.startedNanos = Clock.now();
            m.resource = res;
        }
    }

    /** Leaving it normally: a socket read that awaited a reply got its first bytes, the reply has begun. */
    static void ends() {
        IoInFlight m = CURRENT.get();
        if (--m.depth <= 0) {
            m.depth = 0;
            if (m.op == SOCKET_READ && m.awaitsReply) {
                m.lastWritten = 0;
            }
            m.resource = null;
        }
    }

    /**
     * Leaving it by an exception: a socket read that timed out (SO_TIMEOUT, a client polling for
     * its reply) still awaits the reply; the next read is judged the same way.
     */
    static void threw() {
        IoInFlight m = CURRENT.get();
        if (--m.depth <= 0) {
            m.depth = 0;
            m.resource = null;
        }
    }

    /** Scanner: the markers of live threads (those of ended threads are dropped here). */
    public static List<IoInFlight> snapshot() {
        synchronized (ALL) {
            pruneEnded();
            return new ArrayList<>(ALL);
        }
    }

    /** Guarded by ALL. */
    private static void pruneEnded() {
        int kept = 0;
        for (int i = 0; i < ALL.size(); i++) {
            IoInFlight m = ALL.get(i);
            if (!m.ended()) {
                ALL.set(kept++, m);
            }
        }
        ALL.subList(kept, ALL.size()).clear();
    }

    private boolean ended() {
        Thread t = thread.get();
        return t == null || t.getState() == Thread.State.TERMINATED;
    }

    /** The thread, or null once it is gone. */
    public Thread thread() {
        return thread.get();
    }

    /** The resource of the call in progress, or null. */
    public Object resource() {
        return resource;
    }

    /** Clock.now() when the call in progress began (read after {@link #resource()}). */
    public long startedNanos() {
        return startedNanos;
    }

    /** Whether the call in progress is a read on a socket or socket channel (read after {@link #resource()}). */
    public boolean socketRead() {
        return op == SOCKET_READ;
    }

    /** For a socket read: it is the first since this thread wrote to that socket, so a reply is awaited. */
    public boolean awaitsReply() {
        return awaitsReply;
    }

    public String operation() {
        int o = op;
        return o >= 0 && o < OPS.length ? OPS[o] : "i/o";
    }

    /** The open record of a resource, or null when it is not tracked (opened before leakguard, or from a descriptor). */
    public static Record recordOf(Object resource) {
        return resource == null ? null : OpenRecords.find(resource);
    }
}

package io.leakguard.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;

/**
 * The static entry points that advice calls. Each advice makes exactly one call here, with
 * primitive, String or Object arguments only, because advice is inlined into JDK classes that
 * see nothing but the boot class path.
 *
 * <p>Cost model: an acquisition is one guard check, one bounded stack walk to the first
 * application frame (sites are interned) and one insert into a striped identity table; a release
 * is one removal. Everything else (ageing, GC-detected leaks, reports) happens on the agent's
 * scanner thread.
 */
public final class Tracker {
    private static final RecordTable TABLE = new RecordTable();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** Off until the agent has loaded a valid configuration. */
    private static volatile boolean active;
    /** ci mode: a full stack per acquisition instead of the first application frame. */
    private static volatile boolean fullStacks;

    private static final class Guard {
        int depth;
    }

    private static final ThreadLocal<Guard> GUARD = new ThreadLocal<Guard>() {
        @Override
        protected Guard initialValue() {
            return new Guard();
        }
    };

    private Tracker() {
    }

    // ---- configuration (called by the agent once, before instrumenting) ----

    public static void configure(boolean fullStackPerAcquisition, int stackDepth, String[] libraryPrefixes) {
        fullStacks = fullStackPerAcquisition;
        SiteCapture.maxDepth = Math.max(8, stackDepth);
        SiteCapture.libraries = libraryPrefixes.clone();
    }

    public static void setActive(boolean on) {
        active = on;
    }

    public static boolean isActive() {
        return active;
    }

    // ---- entry points for advice ----

    /** A file stream, RandomAccessFile, ZipFile or directory stream finished opening. */
    public static void fileOpened(Object resource, Object description) {
        acquire(resource, Family.FILE, description);
    }

    /**
     * A FileChannelImpl was created. One that belongs to a stream (getChannel()) shares the
     * stream's descriptor and is closed with it, so only channels without a parent count.
     */
    public static void fileChannelOpened(Object channel, Object path, Object parent) {
        if (parent == null) {
            acquire(channel, Family.FILE, path);
        }
    }

    /** Any tracked resource was closed. Unknown resources (opened before attach) are ignored. */
    public static void released(Object resource) {
        if (resource == null) {
            return;
        }
        try {
            Record r = TABLE.remove(resource);
            if (r != null) {
                r.clear();
            }
        } catch (Throwable t) {
            AgentErrors.record("tracker.release", t);
        }
    }

    static void acquire(Object resource, int family, Object description) {
        if (!active || resource == null) {
            return;
        }
        if (Thread.currentThread() instanceof AgentThread) {
            return;
        }
        Guard g = GUARD.get();
        if (g.depth != 0) {
            return;
        }
        g.depth++;
        try {
            // Constructors chain (FileOutputStream(String) -> (File, boolean)): the innermost one
            // has tracked it already; skip the stack walk.
            if (TABLE.contains(resource)) {
                return;
            }
            Site site;
            Stack stack = null;
            if (fullStacks) {
                Site[] out = new Site[1];
                Object s = SiteCapture.fullStack(out);
                if (!(s instanceof Stack)) {
                    return;
                }
                stack = (Stack) s;
                site = out[0];
            } else {
                Object s = SiteCapture.firstApplicationSite();
                if (!(s instanceof Site)) {
                    return;
                }
                site = (Site) s;
            }
            TABLE.add(new Record(resource, System.identityHashCode(resource), family, description,
                    site, stack, COLLECTED));
        } catch (Throwable t) {
            AgentErrors.record("tracker.acquire", t);
        } finally {
            g.depth--;
        }
    }

    // ---- for the scanner thread ----

    public static List<Record> openRecords() {
        return TABLE.snapshot();
    }

    public static int openCount() {
        return TABLE.size();
    }

    /**
     * Next record whose resource was garbage collected while still open (a definite leak), or
     * null when none is waiting. Records of closed resources are cleared on close and never
     * arrive here.
     */
    public static Record pollCollected() {
        Reference<?> ref;
        while ((ref = COLLECTED.poll()) != null) {
            Record r = (Record) ref;
            if (TABLE.removeRecord(r)) {
                return r;
            }
        }
        return null;
    }

    /** Blocks up to timeoutMillis for a collected record; same contract as pollCollected. */
    public static Record awaitCollected(long timeoutMillis) throws InterruptedException {
        Reference<?> ref = COLLECTED.remove(timeoutMillis);
        if (ref != null) {
            Record r = (Record) ref;
            if (TABLE.removeRecord(r)) {
                return r;
            }
        }
        return null;
    }
}

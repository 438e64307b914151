package io.leakguard.bootstrap;

/**
 * The static entry points behind the woven hooks ({@link JdkHooks}, {@link JdbcHooks}), with
 * primitive, String or Object arguments only, because the hooks are woven into JDK and driver
 * classes that see nothing but the boot class path. What happens behind them lives in {@link Acquisitions}
 * (recording one), {@link JdbcTracker} (JDBC's nesting rules) and {@link OpenRecords} (the table
 * and its one way out); the forwarding calls here are inlined by the JIT.
 *
 * <p>Cost model: an acquisition is one guard check, a site capture and one insert into a striped
 * identity table; a release is one removal. The site capture is, in monitor mode, a bounded
 * StackWalker walk to the first application frame (sites are interned), rationed per thread by a
 * time budget ({@link SiteBudget}); in ci mode a Throwable whose frames are only materialised if
 * it is reported. Everything else (ageing, GC-detected leaks, reports) happens on the agent's
 * scanner thread.
 */
public final class Tracker {
    static {
        // Before any record exists: every way out of the table runs the policies' bookkeeping.
        OpenRecords.listen(new Bookkeeping());
    }

    private Tracker() {
    }

    // ---- configuration (called by the agent once, before instrumenting) ----

    public static void configure(TrackerSettings s) {
        OpenRecords.maxTracked(s.maxTracked);
        Acquisitions.fullStacks = s.fullStacks;
        SharedTraces.on = s.fullStacks && s.sharedStacks;
        SiteBudget.percent(s.siteBudgetPercent);
        SiteCapture.maxDepth = Math.max(8, s.stackDepth);
        SiteCapture.libraries = s.libraryPrefixes.clone();
    }

    /** ci mode with ci.stacks=shared: the application's JDBC call sites are to be marked (see SharedTraces). */
    public static boolean sharesStacks() {
        return SharedTraces.on;
    }

    /** ci mode: each test is judged for what it leaves open. */
    public static boolean judgesTests() {
        return CurrentTest.on;
    }

    public static void setActive(boolean on) {
        Acquisitions.active = on;
    }

    public static boolean isActive() {
        return Acquisitions.active;
    }

    // ---- entry points for the hooks ----

    /** A file stream, RandomAccessFile, ZipFile or directory stream finished opening. */
    public static void fileOpened(Object resource, Object description) {
        Acquisitions.acquire(resource, Family.FILE, description);
    }

    /**
     * A FileChannelImpl was created. One that belongs to a stream (getChannel()) shares the
     * stream's descriptor and is closed with it, so only channels without a parent count.
     */
    public static void fileChannelOpened(Object channel, Object path, Object parent) {
        if (parent == null) {
            Acquisitions.acquire(channel, Family.FILE, path);
        }
    }

    /**
     * A socket, server socket, channel or selector was opened (kind names which; remote is the
     * endpoint when known). One opened while a JDBC driver connects belongs to that connection:
     * the connection is the finding, not its socket.
     */
    public static void socketOpened(Object resource, String kind, Object remote) {
        if (!Acquisitions.active || resource == null) {
            return;
        }
        ThreadState g = ThreadState.get();
        if (g.jdbc == 0) {
            NetDescription d = new NetDescription(kind, remote);
            if (Acquisitions.acquire(g, resource, Family.SOCKET, d, null, false) != null) {
                d.endpointKey = SocketQuota.opened(remote);
            }
        }
    }

    /**
     * A server accepted a connection: a socket ServerSocket.accept() returns (tracked from here),
     * or a channel ServerSocketChannel.accept() returns (tracked when it was constructed, on this
     * same thread, a moment ago: marked here).
     */
    public static void socketAccepted(Object socket, boolean channel) {
        if (!Acquisitions.active || socket == null) {
            return;
        }
        if (!channel) {
            socketOpened(socket, "socket", null);
        }
        Record r = OpenRecords.find(socket);
        if (r != null && r.description instanceof NetDescription) {
            ((NetDescription) r.description).accepted = true;
        }
    }

    /** Any tracked resource was closed. Unknown resources (opened before attach) are ignored. */
    public static void released(Object resource) {
        if (resource == null || !Acquisitions.active) {
            return;
        }
        try {
            if (Faults.ON) {
                Faults.inject("tracker.release");
            }
            OpenRecords.closed(resource);
        } catch (Throwable t) {
            Acquisitions.failed("tracker.release", t);
        }
    }

    // ---- the agent's own work ----

    /** Brackets work the agent does on an application thread (transforming a class). */
    public static void enterAgentCode() {
        ThreadState.get().depth++;
    }

    public static void exitAgentCode() {
        ThreadState.get().depth--;
    }

    /**
     * Runs the stack walks once before any transformer exists, so the JDK classes they load
     * lazily (StackWalker's inner classes, the stack stream machinery) are loaded now and never in
     * the middle of an application's class loading.
     */
    public static void warmUp() {
        try {
            SiteCapture.firstApplicationSite(false);
            SiteCapture.firstApplicationSite(true);
            SiteCapture.lockSite(0);
            new AcquisitionTrace().getStackTrace();
        } catch (Throwable t) {
            AgentErrors.record("tracker warm-up", t);
        }
    }
}

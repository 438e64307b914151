package io.leakguard.bootstrap;

import java.util.Arrays;

/**
 * ci mode: a stack for every acquisition without a Throwable for every acquisition.
 *
 * <p>A Throwable's fill walks the whole stack (about 30 ns a frame here, a test under Surefire is
 * 60-100 frames deep), which made a pool borrow ten times dearer in ci mode. Where the agent has
 * woven the application's call of a JDBC method or a file constructor ({@link CallSites}), the
 * thread knows, for the length of that call, which line of which method is calling; an
 * acquisition of the kind that call makes then happened at that line. Such an acquisition may share the trace of an
 * earlier one instead of taking its own, but only when that is provably the same stack:
 * <ul>
 * <li>the same call site, the same resource class and the same test (a trace never crosses
 *     tests: a thread's table is dropped when its test changes);</li>
 * <li>the first trace there shows the site as its application frame (the woven site and the
 *     stack agree), no static initializer (what a {@code <clinit>} opens is never a test's), and
 *     no application frame above the site: the site's method is a test, a lifecycle method, a
 *     lambda or a thread's run method called by the framework or the JDK, so the frames above it
 *     are the same at every acquisition there. A site in a helper the test calls takes a trace
 *     every time, because its callers differ;</li>
 * <li>the second trace there is equal to the first, frame by frame.</li>
 * </ul>
 * From the third acquisition on, such a site costs a table lookup. Anything else takes its own
 * trace, as before; a site whose first trace did not prove it is never proved again. A file
 * open takes its mark when the constructor begins ({@link #fileOpening}), so a constructor that
 * threw leaves nothing for the next open; a JDBC mark is cleared when the outermost call that
 * threw ends (connect, statement creation, execute). {@code ci.stacks=every} turns sharing off.
 */
final class SharedTraces {
    /** ci.stacks=shared: on in ci mode unless ci.stacks=every. */
    static volatile boolean on;

    private static final byte FIRST = 0;
    private static final byte SHARED = 1;
    private static final byte OWN = 2;

    private SharedTraces() {
    }

    /** What one call site last saw on one thread. */
    static final class Entry {
        final int site;
        final Class<?> type;
        /** The first trace; null once the site takes its own traces. */
        AcquisitionTrace trace;
        byte state;

        Entry(int site, Class<?> type, AcquisitionTrace trace, byte state) {
            this.site = site;
            this.type = type;
            this.trace = trace;
            this.state = state;
        }
    }

    /** Per thread and test: call site number to entry, open addressing (a test sees few sites). */
    static final class Table {
        /** The test these entries are of (null: none). */
        final CurrentTest.Owner owner;
        private Entry[] slots = new Entry[16];
        private int size;

        Table(CurrentTest.Owner owner) {
            this.owner = owner;
        }

        Entry get(int site) {
            Entry[] s = slots;
            for (int i = mix(site) & (s.length - 1); ; i = (i + 1) & (s.length - 1)) {
                Entry e = s[i];
                if (e == null || e.site == site) {
                    return e;
                }
            }
        }

        void put(Entry e) {
            Entry[] s = slots;
            for (int i = mix(e.site) & (s.length - 1); ; i = (i + 1) & (s.length - 1)) {
                if (s[i] == null || s[i].site == e.site) {
                    if (s[i] == null && ++size * 2 > s.length) {
                        s[i] = e;
                        grow();
                        return;
                    }
                    s[i] = e;
                    return;
                }
            }
        }

        private void grow() {
            Entry[] old = slots;
            slots = new Entry[old.length * 2];
            size = 0;
            for (Entry e : old) {
                if (e != null) {
                    put(e);
                }
            }
        }

        private static int mix(int site) {
            return (site >>> 3) * 0x9E3779B9 >>> 7;
        }
    }

    /**
     * The trace for an acquisition of {@code kind} ({@link CallSites#CONNECTION}, ...): a shared
     * one where that is provably the same stack, else a new one.
     */
    static AcquisitionTrace traceFor(ThreadState g, Object resource, int kind) {
        Class<?> type = resource.getClass();
        int site;
        if (kind == CallSites.FILE) {
            site = isFileClass(type) ? g.fileSite : 0;
            g.fileSite = 0;
        } else {
            site = g.callSite;
        }
        if (site == 0 || !on || CallSites.kind(site) != kind || CallSites.refuted(site)) {
            return new AcquisitionTrace(type);
        }
        CurrentTest.Owner owner = CurrentTest.owner();
        Table t = g.traces;
        if (t == null || t.owner != owner) {
            // A trace never crosses tests: what another test's entries hold is dropped with them.
            t = new Table(owner);
            g.traces = t;
        }
        Entry e = t.get(site);
        if (e != null && e.type == type) {
            if (e.state == SHARED) {
                Counters.SHARED_STACKS.increment();
                return e.trace;
            }
            AcquisitionTrace next = new AcquisitionTrace(type);
            if (e.state == FIRST) {
                e.state = sameBelowTracker(e.trace.getStackTrace(), next.getStackTrace()) ? SHARED : OWN;
                if (e.state == OWN) {
                    e.trace = null;
                }
            }
            return next;
        }
        AcquisitionTrace first = new AcquisitionTrace(type);
        boolean proven = provesSite(first, site, kind);
        if (!proven) {
            // Mostly a helper's site (its callers differ): never proved again, in any test.
            CallSites.refute(site);
        }
        t.put(new Entry(site, type, proven ? first : null, proven ? FIRST : OWN));
        return first;
    }

    /** A file stream or RandomAccessFile begins to open: it takes the file call site made for it, if any. */
    static void fileOpening() {
        ThreadState g = ThreadState.get();
        int site = g.callSite;
        if (site != 0 && CallSites.kind(site) == CallSites.FILE) {
            g.fileSite = site;
            g.callSite = 0;
        } else {
            g.fileSite = 0;
        }
    }

    /**
     * The first trace at a site: the site is its application frame, no static initializer is on
     * it, and no application frame is above the site (see the class comment).
     */
    static boolean provesSite(AcquisitionTrace trace, int site, int kind) {
        StackTraceElement[] all = trace.getStackTrace();
        if (StaticInitializers.onStack(all)) {
            return false;
        }
        int app = SiteCapture.applicationFrame(all, SiteCapture.belowTracker(all), kind == CallSites.CONNECTION,
                trace.resourceType);
        if (app < 0 || !CallSites.is(site, all[app])) {
            return false;
        }
        for (int i = app + 1; i < all.length; i++) {
            if (SiteCapture.classify(all[i].getClassName()) == Frames.APPLICATION) {
                return false;
            }
        }
        return true;
    }

    /** The same frames from the first that is not the tracker's own (whose lines differ: this class's two captures). */
    private static boolean sameBelowTracker(StackTraceElement[] a, StackTraceElement[] b) {
        int i = SiteCapture.belowTracker(a);
        int j = SiteCapture.belowTracker(b);
        return a.length - i == b.length - j && Arrays.equals(a, i, a.length, b, j, b.length);
    }

    /** The classes a marked file constructor makes: the mark says nothing of any other file opened meanwhile. */
    private static boolean isFileClass(Class<?> type) {
        return type == java.io.FileInputStream.class || type == java.io.FileOutputStream.class
                || type == java.io.RandomAccessFile.class;
    }

    /** The kind of resource a JDBC record is, for {@link #traceFor}. */
    static int jdbcKind(Object description) {
        if (description instanceof JdbcChild) {
            return "resultset".equals(((JdbcChild) description).kind) ? CallSites.RESULT_SET : CallSites.STATEMENT;
        }
        return CallSites.CONNECTION;
    }
}

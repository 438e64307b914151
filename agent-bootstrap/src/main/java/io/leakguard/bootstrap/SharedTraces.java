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
 *     tests);</li>
 * <li>the first trace there shows the site as its application frame (the woven site and the
 *     stack agree), no static initializer (what a {@code <clinit>} opens is never a test's), and
 *     no application frame above the site: the site's method is a test, a lifecycle method, a
 *     lambda or a thread's run method called by the framework or the JDK, so the frames above it
 *     are the same at every acquisition there. A site in a helper the test calls takes a trace
 *     every time, because its callers differ;</li>
 * <li>the second trace there is equal to the first, frame by frame.</li>
 * </ul>
 * From the third acquisition on, such a site costs a table lookup. Anything else takes its own
 * trace, as before. {@code ci.stacks=every} turns sharing off.
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
        final CurrentTest.Owner owner;
        final AcquisitionTrace trace;
        byte state;

        Entry(int site, Class<?> type, CurrentTest.Owner owner, AcquisitionTrace trace, byte state) {
            this.site = site;
            this.type = type;
            this.owner = owner;
            this.trace = trace;
            this.state = state;
        }
    }

    /** Per thread: call site number to entry, open addressing (a thread sees few sites). */
    static final class Table {
        private Entry[] slots = new Entry[16];
        private int size;

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
        int site = g.callSite;
        if (site == 0 || !on || CallSites.kind(site) != kind || kind == CallSites.FILE && !isFileClass(type)) {
            return new AcquisitionTrace(type);
        }
        CurrentTest.Owner owner = CurrentTest.owner();
        Table t = g.traces;
        if (t == null) {
            t = new Table();
            g.traces = t;
        }
        Entry e = t.get(site);
        if (e != null && e.type == type && e.owner == owner) {
            if (e.state == SHARED) {
                Counters.SHARED_STACKS.increment();
                return e.trace;
            }
            AcquisitionTrace next = new AcquisitionTrace(type);
            if (e.state == FIRST) {
                e.state = sameBelowTracker(e.trace.getStackTrace(), next.getStackTrace()) ? SHARED : OWN;
            }
            return next;
        }
        AcquisitionTrace first = new AcquisitionTrace(type);
        t.put(new Entry(site, type, owner, first, provesSite(first, site, kind) ? FIRST : OWN));
        return first;
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
        int app = SiteCapture.applicationFrame(all, belowTracker(all), kind == CallSites.CONNECTION, trace.resourceType);
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
        int i = belowTracker(a);
        int j = belowTracker(b);
        return a.length - i == b.length - j && Arrays.equals(a, i, a.length, b, j, b.length);
    }

    private static int belowTracker(StackTraceElement[] all) {
        int top = 0;
        while (top < all.length && Frames.isTracker(all[top].getClassName())) {
            top++;
        }
        return top;
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

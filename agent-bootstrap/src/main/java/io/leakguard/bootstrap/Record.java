package io.leakguard.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One open resource. It is a weak reference to the resource itself, so a resource that the
 * application drops without close() still becomes garbage, and its record arrives on the
 * tracker's queue: that is a definite leak.
 *
 * <p>The description must never point back at the resource (that would keep it alive): it is
 * the path String the resource already holds, or a small object whose toString() names it.
 *
 * <p>In monitor mode the site is an interned first application frame (one pointer per record).
 * In ci mode the record holds the raw acquisition trace, resolved into a site on first use by
 * the scanner thread and then dropped.
 */
public class Record extends WeakReference<Object> {
    public final byte family;
    public final Object description;
    public final String threadName;
    /** Clock.now() (coarse nanoTime) at acquisition. */
    public final long acquiredAtNanos;
    // Not volatile: written before the record is published through the table's lock, and
    // resolved (ci mode) only on the scanner thread. A volatile store here would be a fence on
    // every acquisition.
    private Site site;
    private AcquisitionTrace trace;
    private String[] lines;
    /**
     * ci mode: acquired inside a static initializer (the class's, never a test's); known once the
     * trace is resolved by {@link #site()}.
     */
    boolean inStaticInitializer;
    /**
     * ci mode: a file or socket acquired inside a call on a JDBC implementation (rule 12,
     * {@link DriverClasses}); known once the trace is resolved by {@link #site()}.
     */
    private boolean inDriverCall;
    /**
     * ci mode: every frame of the application's and libraries' code, above the test framework's,
     * was loaded by the system class loader, so a class named in {@link #stackLines()} is found
     * there as the very class that ran (initialized; see ClassOwned's stack-class rule). Known once
     * the trace is resolved.
     */
    boolean stackOnSystemLoader;
    /**
     * Set when the resource is closed (or reclaimed, or dropped), so children can tell their
     * parent closed them and the threads' record caches never use a record that left. Written
     * under the table stripe's lock, so a later add of the same object (a pool handing out a
     * handle object again), which takes that lock, is ordered after it. Plain, not volatile:
     * the scanner seeing it one scan late is harmless.
     */
    boolean released;
    /**
     * ci mode: the test the acquiring thread worked for (null: none, the class's), which also
     * knows that thread. Null in the other modes, for the price of one volatile read.
     */
    final CurrentTest.Owner owner = CurrentTest.owner();
    final int hash;
    /** Chain link inside a RecordTable bucket; guarded by the stripe's monitor. */
    Record next;

    Record(Object resource, int hash, int family, Object description, Site site, AcquisitionTrace trace,
           long acquiredAtNanos, ReferenceQueue<Object> queue) {
        super(resource, queue);
        this.hash = hash;
        this.family = (byte) family;
        this.description = description;
        this.threadName = ThreadNames.of(Thread.currentThread());
        this.acquiredAtNanos = acquiredAtNanos;
        this.site = site;
        this.trace = trace;
    }

    /** ci mode: the number of the test it belongs to; 0 for none. */
    final int testId() {
        CurrentTest.Owner o = owner;
        return o == null ? 0 : o.id;
    }

    /** How long ago the resource was acquired, in milliseconds. */
    public long ageMillis(long nowNanos) {
        return Math.max(0, (nowNanos - acquiredAtNanos) / 1_000_000L);
    }

    /** The description alone, without the last-use note. */
    String describeWithoutUse() {
        if (description instanceof NetDescription) {
            return ((NetDescription) description).describe(get());
        }
        return family == Family.JDBC && !(description instanceof JdbcSource) && !(description instanceof JdbcChild)
                ? JdbcSource.fromDataSource(description, null).toString()
                : String.valueOf(description);
    }

    public String describe() {
        return describeWithoutUse();
    }

    /** The record this one belongs to (a statement's connection), or null. */
    Record parent() {
        return null;
    }

    /** True when an ancestor (the connection of a statement, say) was closed, which closed this too. */
    public boolean closedByParent() {
        for (Record p = parent(); p != null; p = p.parent()) {
            if (p.released) {
                return true;
            }
        }
        return false;
    }

    /** A connection borrowed from a DataSource (a pool's handle), as opposed to one from a Driver. */
    public boolean pooled() {
        if (family != Family.JDBC || description instanceof JdbcChild) {
            return false;
        }
        return !(description instanceof JdbcSource) || ((JdbcSource) description).fromDataSource();
    }

    public boolean isExecuting() {
        return false;
    }

    /** A collected child whose parent is gone too: the parent's finding covers it. */
    public boolean lostWithParent() {
        return parent() != null && !parentStillOpen();
    }

    /** The parent, if it is still open and reachable: its own finding then covers this record. */
    public boolean parentStillOpen() {
        Record p = parent();
        return p != null && !p.released && p.get() != null;
    }

    /** A socket a server accepted (as opposed to one this process connected). */
    public boolean acceptedByServer() {
        return description instanceof NetDescription && ((NetDescription) description).accepted;
    }

    /** The family's name: file, socket, jdbc, lock. */
    public String familyName() {
        return Family.name(family);
    }

    /** The word for this resource in reports: file, connection, statement, resultset. */
    public String type() {
        if (description instanceof JdbcChild) {
            return ((JdbcChild) description).kind;
        }
        if (description instanceof NetDescription) {
            return ((NetDescription) description).kind;
        }
        return family == Family.JDBC ? "connection" : Family.name(family);
    }

    public Site site() {
        Site s = site;
        return s != null ? s : resolve();
    }

    /**
     * ci mode: the trace resolved once, under the record's lock: the scanner and a test's thread
     * (JUnit 4's judgement) may both get here, and the one that comes second must not find the
     * trace gone and the site not yet visible.
     */
    private synchronized Site resolve() {
        Site s = site;
        if (s != null) {
            return s;
        }
        AcquisitionTrace t = trace;
        if (t == null) {
            return SiteCapture.UNSAMPLED;
        }
        String[][] out = new String[1][];
        StackTraceElement[] frames = t.getStackTrace();
        inStaticInitializer = StaticInitializers.onStack(frames);
        inDriverCall = family != Family.JDBC && DriverClasses.onStack(frames);
        stackOnSystemLoader = StaticHolders.onTheSystemLoader(frames);
        CurrentTest.Owner o = owner;
        s = SiteCapture.resolve(t, "connection".equals(type()), out, o == null ? null : o.testClass);
        lines = out[0];
        site = s;
        trace = null;
        return s;
    }

    /** ci mode: a file or socket a JDBC driver opened for itself, inside a call the application made (rule 12). */
    boolean openedInADriverCall() {
        if (family == Family.JDBC) {
            return false;
        }
        synchronized (this) { // what resolve() wrote, seen whichever thread resolved it
            resolve();
            return inDriverCall;
        }
    }

    /** False for records that turned out to be the JDK's own (only known after resolving a trace). */
    public boolean reportable() {
        return site() != SiteCapture.JDK_OWNED;
    }

    public String[] stackLines() {
        Site s = site();
        String[] l = lines;
        return l != null ? l : s.stack;
    }
}

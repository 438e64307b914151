package io.leakguard.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The one owner of open records: the table of tracked resources, the queue the GC delivers the
 * records of unclosed resources to, and the counts of what is open.
 *
 * <p>Every record leaves through one path, {@link #remove(Record, Cause)} (and
 * {@link #closed(Object)}, its form for the release hot path), which does the bookkeeping exactly
 * once whatever the way out. Four ways out with four kinds of bookkeeping is how a connection lost
 * to the GC once kept its jdbc.max-connections slot for the life of the process.
 *
 * <p>The policies (quotas, pressure, ci mode) depend on this class, never the reverse: what they
 * keep per record they keep through the one {@link Listener} the tracker registers. One listener,
 * not a list: the release path makes one monomorphic call, which the JIT inlines.
 */
public final class OpenRecords {
    /** How a record left the table. */
    public enum Cause {
        /** The application closed the resource. */
        CLOSED,
        /** Enforce mode took it back (a connection held past leak.critical). */
        RECLAIMED,
        /** The GC collected the resource while it was open: a definite leak. */
        COLLECTED,
        /** Its parent closed it (a statement of a closed connection): no finding. */
        DROPPED
    }

    /** Told once for every record that leaves the table, on the thread that took it out. */
    public interface Listener {
        void left(Record r, Cause cause);
    }

    /** No lambda: these classes initialise inside instrumented JDK code, where invokedynamic's bootstrap is best avoided. */
    private static final class Nobody implements Listener {
        @Override
        public void left(Record r, Cause cause) {
        }
    }

    private static final Listener NONE = new Nobody();

    private static final RecordTable TABLE = new RecordTable();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /**
     * Plain, not volatile: set once before tracking starts (the tracker's activation is the
     * volatile write that publishes it), and read on every release.
     */
    private static Listener listener = NONE;

    /**
     * Open files and sockets, counted only while someone needs a count fresher than a table walk
     * on the hot path (enforce mode's pressure refusal): otherwise the two atomic adds per open and
     * close are saved. A reader that starts counting late adds its own baseline.
     */
    private static volatile boolean countDescriptors;
    private static final LongAdder DESCRIPTORS = new LongAdder();

    /**
     * Collected records on their way out of the table, from just before they leave it until their
     * bookkeeping (which puts them where ci mode looks for the GC's finds) is done. A look at the table and then at
     * that list saw such a record in neither, and a test that leaked passed (the ci precision
     * sample, all concurrent, where other tests call System.gc(); a scanner thread descheduled
     * between the two steps on a busy machine). A record enters this set before it leaves the
     * table and leaves the set after its bookkeeping, so a look at the table, then this set, then
     * the bookkeeping's list finds it in one of them ({@link #moving}). Only the scanner (and the
     * exit report) moves records: nothing here is on an application thread.
     */
    private static final Set<Record> MOVING = ConcurrentHashMap.newKeySet();
    /**
     * For the end-to-end test of the above only ({@code -Dio.leakguard.debug.collected-move-pause-ms}):
     * a move pauses this long between the table and the bookkeeping, so a test's end falls inside
     * it. A static final read once: in every other JVM the JIT removes the check.
     */
    private static final long MOVE_PAUSE_MS = Long.getLong("io.leakguard.debug.collected-move-pause-ms", 0L);

    static final int ADDED = RecordTable.ADDED;
    static final int DUPLICATE = RecordTable.DUPLICATE;
    static final int FULL = RecordTable.FULL;

    private OpenRecords() {
    }

    /** Registers the bookkeeping run for every record that leaves; once, at configuration. */
    public static void listen(Listener l) {
        listener = l == null ? NONE : l;
    }

    /** The queue records of collected resources arrive on: every record is created with it. */
    static ReferenceQueue<Object> queue() {
        return COLLECTED;
    }

    /** Adds the record: {@link #ADDED}, {@link #DUPLICATE} (already tracked) or {@link #FULL} (max-tracked reached). */
    static int add(Record r) {
        int added = TABLE.add(r);
        if (added == ADDED && r.family != Family.JDBC && countDescriptors) {
            DESCRIPTORS.increment();
        }
        return added;
    }

    /** The application closed this resource; false if it was not tracked (opened before attach). */
    static boolean closed(Object resource) {
        Record r = TABLE.remove(resource);
        if (r == null) {
            return false;
        }
        left(r, Cause.CLOSED);
        return true;
    }

    /**
     * Takes this record out of the table for the given cause and does its bookkeeping. False if it
     * had left already (closed meanwhile, or taken by another path): then nothing is done, so the
     * bookkeeping runs exactly once per record.
     */
    public static boolean remove(Record r, Cause cause) {
        if (cause != Cause.COLLECTED) {
            if (!TABLE.removeRecord(r, true)) {
                return false;
            }
            left(r, cause);
            return true;
        }
        MOVING.add(r);
        try {
            if (!TABLE.removeRecord(r, false)) {
                return false;
            }
            if (MOVE_PAUSE_MS > 0) {
                pauseForTheTest();
            }
            left(r, cause);
            return true;
        } finally {
            MOVING.remove(r);
        }
    }

    private static void pauseForTheTest() {
        try {
            Thread.sleep(MOVE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The collected records between the table and their bookkeeping now. Read after
     * {@link #snapshot()} and before what the bookkeeping keeps: then no record is missed.
     */
    static List<Record> moving() {
        return new ArrayList<>(MOVING);
    }

    private static void left(Record r, Cause cause) {
        if (r.family != Family.JDBC && countDescriptors) {
            DESCRIPTORS.decrement();
        }
        // A collected record is not "released": its children must still be judged on their own
        // (lost with their parent), not as closed by it.
        // released was set under the stripe's lock, not for a collected one. No clear() for a
        // closed one: it is garbage (or held only by a thread's record cache, and then enqueued
        // when its resource goes, and found gone from the table); clearing would only cost a GC
        // barrier on the hot path.
        listener.left(r, cause);
        if (cause == Cause.DROPPED) {
            r.clear();
        }
    }

    /** The record of this resource, or null. */
    static Record find(Object resource) {
        return TABLE.find(resource);
    }

    /** A point-in-time copy of the open records, for the scanner thread. */
    public static List<Record> snapshot() {
        return TABLE.snapshot();
    }

    /** Per family since start: [0] acquired, [1] released (closed or collected). */
    public static long[][] counts() {
        return TABLE.counts();
    }

    /** Records open now, all families. */
    public static int size() {
        return TABLE.size();
    }

    /** Records of this family open now (a walk of the table's stripes: not for the hot path). */
    public static long open(int family) {
        long[][] c = TABLE.counts();
        return c[0][family] - c[1][family];
    }

    /** max-tracked (default 1,000,000): beyond it acquisitions are counted but not recorded. */
    static void maxTracked(int max) {
        RecordTable.maxTracked(max);
    }

    /** Starts (or stops) the fast count of open files and sockets; see {@link #descriptors()}. */
    public static void countDescriptors(boolean on) {
        countDescriptors = on;
    }

    /** Files and sockets opened minus closed while counting was on. */
    public static long descriptors() {
        return DESCRIPTORS.sum();
    }

    /**
     * Next record whose resource was garbage collected while still open, already taken out of the
     * table as {@link Cause#COLLECTED}; null when none is waiting.
     */
    public static Record pollCollected() {
        Record r;
        while ((r = (Record) COLLECTED.poll()) != null) {
            if (remove(r, Cause.COLLECTED)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Blocks up to timeoutMillis for a record the reference queue delivers, and returns it still in
     * the table: the caller takes it out with {@code remove(r, COLLECTED)} under the same lock as
     * its reports, so an exit report running meanwhile never misses a record that is out of the
     * table but not yet counted.
     */
    public static Record awaitCollected(long timeoutMillis) throws InterruptedException {
        return (Record) COLLECTED.remove(timeoutMillis);
    }

    /**
     * "3 x com.acme.Dao.find(Dao.java:42), ..." for the open resources a quota counts: the three
     * sites holding most of them. One place for every family's refusal message.
     */
    public static String topSites(Predicate<Record> counted) {
        Map<String, Integer> bySite = new HashMap<>();
        for (Record r : TABLE.snapshot()) {
            if (r.get() != null && counted.test(r)) {
                bySite.merge(r.site().frame, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(bySite.entrySet());
        top.sort((x, y) -> y.getValue() - x.getValue());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < top.size() && i < 3; i++) {
            sb.append(i > 0 ? ", " : "").append(top.get(i).getValue()).append(" x ").append(top.get(i).getKey());
        }
        return sb.length() == 0 ? "none tracked" : sb.toString();
    }
}

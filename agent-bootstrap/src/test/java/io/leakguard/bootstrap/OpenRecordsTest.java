package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The record table's one way out: every cause takes a record out once and runs the bookkeeping
 * once, whichever path gets there first.
 */
class OpenRecordsTest {
    /** What the listener was told, in order. */
    private final List<String> told = new ArrayList<>();

    private final OpenRecords.Listener recording = (r, cause) -> told.add(cause + " " + r.description);

    @BeforeEach
    void listen() {
        OpenRecords.listen(recording);
    }

    @AfterEach
    void restore() {
        OpenRecords.listen(new Bookkeeping());
        OpenRecords.countDescriptors(false);
    }

    private static Record file(Object resource, String name) {
        return new Record(resource, System.identityHashCode(resource), Family.FILE, name, SiteCapture.UNSAMPLED,
                null, Clock.now(), OpenRecords.queue());
    }

    private static JdbcRecord connection(Object resource, String name) {
        return new JdbcRecord(resource, System.identityHashCode(resource), name, SiteCapture.UNSAMPLED, null,
                Clock.now(), null, OpenRecords.queue());
    }

    @Test
    void aClosedResourceLeavesOnceAndIsToldOnce() {
        Object resource = new Object();
        long before = OpenRecords.open(Family.FILE);
        Record r = file(resource, "a.txt");
        assertEquals(OpenRecords.ADDED, OpenRecords.add(r));
        assertEquals(before + 1, OpenRecords.open(Family.FILE));
        assertSame(r, OpenRecords.find(resource));
        assertEquals(OpenRecords.DUPLICATE, OpenRecords.add(file(resource, "again")), "one record per resource");

        assertTrue(OpenRecords.closed(resource));
        assertFalse(OpenRecords.closed(resource), "closed twice: the second close finds nothing");
        assertFalse(OpenRecords.remove(r, OpenRecords.Cause.COLLECTED), "already out: no second way out");

        assertEquals(List.of("CLOSED a.txt"), told);
        assertTrue(r.released);
        assertNull(OpenRecords.find(resource));
        assertEquals(before, OpenRecords.open(Family.FILE));
    }

    @ParameterizedTest
    @EnumSource(OpenRecords.Cause.class)
    void everyCauseTakesTheRecordOutOnce(OpenRecords.Cause cause) {
        Object resource = new Object();
        Record r = file(resource, "b.txt");
        OpenRecords.add(r);

        assertTrue(OpenRecords.remove(r, cause));
        for (OpenRecords.Cause other : OpenRecords.Cause.values()) {
            assertFalse(OpenRecords.remove(r, other));
        }
        assertFalse(OpenRecords.closed(resource));

        assertEquals(List.of(cause + " b.txt"), told);
        // A collected parent is no close: its children are judged as lost with it, not closed by it.
        assertEquals(cause != OpenRecords.Cause.COLLECTED, r.released);
        // A dropped record is cleared: it can never arrive on the collected queue later.
        assertEquals(cause == OpenRecords.Cause.DROPPED, r.get() == null);
    }

    @Test
    void filesAndSocketsAreCountedForThePressureCheckOnlyWhileAsked() {
        Object f = new Object();
        Object c = new Object();
        OpenRecords.countDescriptors(true);
        long before = OpenRecords.descriptors();
        OpenRecords.add(file(f, "c.txt"));
        OpenRecords.add(connection(c, "db"));
        assertEquals(before + 1, OpenRecords.descriptors(), "a JDBC connection's socket is not the application's");
        OpenRecords.closed(f);
        OpenRecords.closed(c);
        assertEquals(before, OpenRecords.descriptors());
    }

    /**
     * The bug one removal path fixed: a connection the application dropped without close() (the
     * GC found it) kept its jdbc.max-connections slot for the life of the process.
     */
    /**
     * Connections are counted only once a quota exists: one opened before that is counted when
     * the quota comes (set live), and its close gives back exactly what was counted; one closed
     * before it is never counted.
     */
    @Test
    void aQuotaSetLiveCountsTheConnectionsAlreadyOpenAndEachCloseGivesBackOnce() {
        OpenRecords.listen(new Bookkeeping());
        Object before = new Object();
        Object gone = new Object();
        JdbcRecord r = connection(before, "db");
        JdbcRecord g = connection(gone, "db");
        assertEquals(OpenRecords.ADDED, OpenRecords.add(r));
        assertEquals(OpenRecords.ADDED, OpenRecords.add(g));
        JdbcPolicy.opened(r, null);
        JdbcPolicy.opened(g, null);
        assertTrue(OpenRecords.closed(gone));
        JdbcPolicy.startCounting(); // idempotent: other tests of this JVM may have started it
        int open = JdbcPolicy.openConnections();
        assertEquals(1, r.counted, "the open one is counted (by the walk, or by opened() if counting was on)");
        assertTrue(g.counted != 1, "the closed one is not");
        assertTrue(OpenRecords.closed(before));
        assertEquals(open - 1, JdbcPolicy.openConnections());
        assertFalse(OpenRecords.closed(before));
        assertEquals(open - 1, JdbcPolicy.openConnections(), "given back once");
    }

    @Test
    void aConnectionLostToTheGcGivesBackItsQuotaSlotOnce() throws InterruptedException {
        OpenRecords.listen(new Bookkeeping());
        JdbcPolicy.startCounting(); // as a configured quota does
        int open = JdbcPolicy.openConnections();
        JdbcRecord r = connection(new Object(), "db"); // only the record (weakly) holds it
        assertEquals(OpenRecords.ADDED, OpenRecords.add(r));
        JdbcPolicy.opened(r, "db user app");
        assertEquals(open + 1, JdbcPolicy.openConnections());
        assertEquals(1, JdbcPolicy.OPEN_PER_KEY.get("db user app").get());

        Record collected = awaitCollected(r);
        assertSame(r, collected);
        assertTrue(OpenRecords.remove(collected, OpenRecords.Cause.COLLECTED));
        assertEquals(open, JdbcPolicy.openConnections(), "the slot is given back");
        assertEquals(0, JdbcPolicy.OPEN_PER_KEY.get("db user app").get());

        // The queue's own path and a later close find it gone: nothing is given back twice.
        assertNull(OpenRecords.pollCollected());
        assertFalse(OpenRecords.remove(r, OpenRecords.Cause.CLOSED));
        assertEquals(open, JdbcPolicy.openConnections());
    }

    @Test
    void pollCollectedTakesTheRecordOutItself() throws InterruptedException {
        Record r = file(new Object(), "d.txt");
        OpenRecords.add(r);
        r.enqueue(); // as the GC would
        assertSame(r, OpenRecords.pollCollected());
        assertNull(OpenRecords.pollCollected());
        assertFalse(OpenRecords.remove(r, OpenRecords.Cause.COLLECTED));
        assertEquals(List.of("COLLECTED d.txt"), told);
    }

    @Test
    void aReclaimedConnectionIsRegisteredAndItsSlotGivenBack() {
        OpenRecords.listen(new Bookkeeping());
        JdbcPolicy.startCounting(); // as a configured quota does
        int open = JdbcPolicy.openConnections();
        Object handle = new Object();
        JdbcRecord r = connection(handle, "pool");
        OpenRecords.add(r);
        JdbcPolicy.opened(r, null);
        r.executing = 1;
        assertFalse(JdbcPolicy.takeForReclaim(r), "never while a statement executes on it");
        r.executing = 0;
        assertTrue(JdbcPolicy.takeForReclaim(r));
        assertFalse(JdbcPolicy.takeForReclaim(r));
        assertEquals(open, JdbcPolicy.openConnections());
        assertNotNull(JdbcPolicy.reclaimedMessage(handle));
        assertFalse(OpenRecords.closed(handle), "its later close() is no second release");
        assertEquals(open, JdbcPolicy.openConnections());
    }

    private static Record awaitCollected(Record expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            Record r = OpenRecords.awaitCollected(100);
            if (r == expected) {
                return r;
            }
            if (r != null) {
                OpenRecords.remove(r, OpenRecords.Cause.COLLECTED); // another test's leftovers
            }
        }
        throw new AssertionError("the GC never collected the connection");
    }
}

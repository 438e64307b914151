package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * quota.wait's line on its own, against a quota of one slot per key: arrival order, a slot
 * reserved for the waiter it was handed to, a waiter for a full key not holding up another key,
 * and a thread holding a slot refused at once. Each step is awaited with a deadline.
 */
class QuotaQueueTest {
    /** One slot per key; the keys held, and the threads that hold them. */
    private static final class OnePerKey implements QuotaQueue.Quotas {
        final Map<Object, Long> held = new ConcurrentHashMap<>();

        @Override
        public boolean full(Object key, int reservedTotal, int reservedForKey) {
            return (held.containsKey(key) ? 1 : 0) + reservedForKey >= 1;
        }

        @Override
        public String refusal(Object key) {
            return "full: " + key + ".";
        }

        @Override
        public boolean holdsSlot(Object key, long threadId, int reservedTotal, Object except) {
            Long holder = held.get(key);
            return holder != null && holder == threadId;
        }
    }

    private final OnePerKey quotas = new OnePerKey();
    private final QuotaQueue line = new QuotaQueue("jdbc", quotas);

    /** Acquires key as an application thread would: admitted, counted, then its reservation given back. */
    private String acquire(Object key) {
        ThreadState g = ThreadState.get();
        String refusal = line.admit(g, key, null);
        if (refusal == null) {
            quotas.held.put(key, Thread.currentThread().getId());
            line.done(g);
        }
        return refusal;
    }

    private void release(Object key) {
        quotas.held.remove(key);
        line.released();
    }

    private Thread waiter(String name, Object key, AtomicReference<String> outcome) {
        Thread t = new Thread(() -> {
            String r = acquire(key);
            outcome.set(r == null ? "granted" : r);
        }, name);
        t.start();
        return t;
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (line.waiting() != n) {
            assertTrue(System.nanoTime() < deadline, "never " + n + " waiting: " + line.waiting());
            Thread.sleep(5);
        }
    }

    @Test
    void withoutWaitAFullQuotaRefusesAtOnce() {
        line.waitMillis(0);
        assertNull(acquire("db"));
        assertEquals("full: db.", acquire("db"));
    }

    @Test
    void theFirstInLineGetsTheSlotAndTheSecondIsRefusedWhenTheWaitRunsOut() throws Exception {
        line.waitMillis(1500);
        assertNull(acquire("db"));
        AtomicReference<String> first = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        Thread a = waiter("first", "db", first);
        awaitWaiting(1);
        Thread b = waiter("second", "db", second);
        awaitWaiting(2);
        release("db");
        a.join();
        assertEquals("granted", first.get());
        b.join();
        assertTrue(second.get().startsWith("full: db. Waited "), second.get());
        assertTrue(second.get().endsWith("(quota.wait=1500 ms) with 1 thread waiting, this one included."), second.get());
        assertEquals(0, line.waiting());
        assertTrue(!line.anyReserved(), "every reservation given back");
    }

    @Test
    void aWaiterForAFullKeyDoesNotHoldUpAnotherKey() throws Exception {
        line.waitMillis(10_000);
        assertNull(acquire("db-a"));
        AtomicReference<String> forA = new AtomicReference<>();
        Thread a = waiter("for-a", "db-a", forA);
        awaitWaiting(1);
        // db-b has room: granted at once although a waiter for db-a arrived first.
        assertNull(acquire("db-b"));
        release("db-a");
        a.join();
        assertEquals("granted", forA.get());
        assertEquals(Set.of("db-a", "db-b"), quotas.held.keySet());
    }

    @Test
    void aThreadHoldingASlotIsRefusedAtOnceInsteadOfWaitingForItself() {
        line.waitMillis(60_000);
        assertNull(acquire("db"));
        String refusal = acquire("db");
        assertTrue(refusal.startsWith("full: db. Not waiting for quota.wait: this thread holds a slot"), refusal);
        assertEquals(0, line.waiting());
    }
}

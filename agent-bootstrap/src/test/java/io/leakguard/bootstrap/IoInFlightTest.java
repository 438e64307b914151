package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IoInFlightTest {
    private static IoInFlight mine() {
        for (IoInFlight m : IoInFlight.snapshot()) {
            if (m.thread() == Thread.currentThread()) {
                return m;
            }
        }
        return null;
    }

    @Test
    void theOutermostCallIsKeptUntilItEnds() {
        Object outer = new Object();
        Object inner = new Object();
        IoInFlight.begins(outer, IoInFlight.READ);
        IoInFlight m = mine();
        long started = m.startedNanos();
        IoInFlight.begins(inner, IoInFlight.WRITE); // readFully calling read
        assertSame(outer, m.resource());
        assertEquals("read", m.operation());
        assertEquals(started, m.startedNanos());
        IoInFlight.ends();
        assertSame(outer, m.resource(), "still in the outer call");
        IoInFlight.ends();
        assertNull(m.resource());
        IoInFlight.ends(); // unbalanced (a hook that failed on entry): no harm, the next call starts clean
        IoInFlight.begins(inner, IoInFlight.FORCE);
        assertSame(inner, m.resource());
        assertEquals("force", m.operation());
        IoInFlight.ends();
        assertNull(m.resource());
    }

    @Test
    void theMarkersOfEndedThreadsAreDropped() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Thread t = new Thread(() -> {
            ran.set(Thread.currentThread());
            IoInFlight.begins(new Object(), IoInFlight.READ);
            IoInFlight.ends();
        });
        t.start();
        t.join();
        assertTrue(ran.get() != null);
        assertFalse(IoInFlight.snapshot().stream().anyMatch(m -> m.thread() == t));
    }
}

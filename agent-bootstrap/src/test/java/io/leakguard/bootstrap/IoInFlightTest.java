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
    void aSocketReadAwaitsAReplyOnlyRightAfterThisThreadWroteToThatSocket() {
        Object socket = new Object();
        Object other = new Object();
        Object file = new Object();
        IoInFlight m = read(socket);
        assertTrue(m.socketRead());
        assertFalse(m.awaitsReply(), "a read loop that never wrote: idle, not a reply awaited");
        IoInFlight.ends();

        call(socket, IoInFlight.SOCKET_WRITE);
        call(file, IoInFlight.WRITE); // a log line between the request and its reply
        call(other, IoInFlight.SOCKET_READ); // another socket's read leaves the request pending
        assertTrue(read(socket).awaitsReply(), "the request's reply");
        assertEquals("read", m.operation());
        IoInFlight.ends();
        assertFalse(read(socket).awaitsReply(), "the reply has begun: the next read is idle");
        IoInFlight.ends();

        call(socket, IoInFlight.SOCKET_WRITE);
        assertTrue(read(socket).awaitsReply());
        IoInFlight.threw(); // SO_TIMEOUT: no reply yet
        assertTrue(read(socket).awaitsReply(), "a read that timed out leaves the request awaiting its reply");
        IoInFlight.ends();

        call(socket, IoInFlight.SOCKET_WRITE);
        assertFalse(read(other).awaitsReply(), "wrote to another socket");
        IoInFlight.ends();
        IoInFlight.begins(file, IoInFlight.READ);
        assertFalse(m.socketRead(), "a file read is judged as before");
        IoInFlight.ends();
    }

    private static IoInFlight read(Object socket) {
        IoInFlight.begins(socket, IoInFlight.SOCKET_READ);
        IoInFlight m = mine();
        assertSame(socket, m.resource());
        return m;
    }

    private static void call(Object resource, int op) {
        IoInFlight.begins(resource, op);
        IoInFlight.ends();
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

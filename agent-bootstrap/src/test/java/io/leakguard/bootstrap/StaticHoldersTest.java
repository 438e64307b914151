package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rule 5 in depth: a static structure's reach, bounded. The proof through Surefire is CiPrecisionTest's. */
class StaticHoldersTest {
    /** An HTTP client's pool, as Apache HttpClient lays it out. */
    static final class Client {
        final Pool pool = new Pool();
    }

    static final class Pool {
        final ArrayDeque<Entry> idle = new ArrayDeque<>();
        final Map<String, List<Entry>> byRoute = new HashMap<>();
    }

    static final class Entry {
        final Connection connection;

        Entry(Connection c) {
            connection = c;
        }
    }

    static final class Connection {
        final AtomicReference<Object> socket;

        Connection(Object s) {
            socket = new AtomicReference<>(s);
        }
    }

    static Client shared;
    static Object unrelated = new Object[] {"a", 1};

    /** A chain of n holders ending at the resource. */
    static final class Link {
        Object next;
    }

    private static Object chain(int n, Object end) {
        Object head = end;
        for (int i = 0; i < n; i++) {
            Link l = new Link();
            l.next = head;
            head = l;
        }
        return head;
    }

    @Test
    void aPooledConnectionDeepInsideAStaticClientIsReached() {
        Object socket = new Object();
        Client c = new Client();
        c.pool.idle.add(new Entry(new Connection(socket)));
        shared = c;
        try {
            assertEquals("StaticHoldersTest.shared", StaticHolders.holding(StaticHoldersTest.class, socket,
                    new int[] {StaticHolders.MAX_OBJECTS}));
            assertNull(StaticHolders.holding(StaticHoldersTest.class, new Object(), new int[] {StaticHolders.MAX_OBJECTS}),
                    "an object nothing holds");
            Object other = new Object();
            c.pool.byRoute.put("route", new ArrayList<>(List.of(new Entry(new Connection(other)))));
            assertTrue(StaticHolders.reaches(c, other, new int[] {StaticHolders.MAX_OBJECTS}), "through a map's lists");
        } finally {
            shared = null;
        }
    }

    @Test
    void theWalkStopsAtItsDepthAndItsBudget() {
        Object end = new Object();
        assertTrue(StaticHolders.reaches(chain(StaticHolders.MAX_DEPTH, end), end, new int[] {StaticHolders.MAX_OBJECTS}));
        assertFalse(StaticHolders.reaches(chain(StaticHolders.MAX_DEPTH + 1, end), end, new int[] {StaticHolders.MAX_OBJECTS}));
        assertFalse(StaticHolders.reaches(chain(5, end), end, new int[] {3}), "three objects looked at, not six");
        int[] budget = {3};
        StaticHolders.reaches(chain(5, end), end, budget);
        assertEquals(0, budget[0], "the budget is spent and shared");
    }

    @Test
    void onlyTheJdksPlainCollectionsAreLookedInto() {
        Object socket = new Object();
        List<Object> plain = new ArrayList<>(List.of(socket));
        assertTrue(StaticHolders.reaches(plain, socket, new int[] {100}));
        // A wrapper may wrap the application's own collection, whose iteration is its code.
        assertFalse(StaticHolders.reaches(java.util.Collections.synchronizedList(plain), socket, new int[] {100}));
        assertFalse(StaticHolders.reaches(java.util.Collections.unmodifiableList(plain), socket, new int[] {100}));
    }

    @Test
    void aStackOfTheSystemLoadersClassesIsKnownAsSuch() {
        String app = ClassLoader.getSystemClassLoader().getName();
        StackTraceElement jdk = new StackTraceElement(null, "java.base", null, "java.net.Socket", "<init>", "Socket.java", 1);
        StackTraceElement lib = new StackTraceElement(app, null, null, "lib.Pool", "connect", "Pool.java", 2);
        StackTraceElement other = new StackTraceElement("plugin", null, null, "lib.Pool", "connect", "Pool.java", 2);
        StackTraceElement runner = new StackTraceElement(app, null, null, "org.junit.platform.Runner", "run", "R.java", 3);
        assertTrue(StaticHolders.onTheSystemLoader(new StackTraceElement[] {jdk, lib, runner, other}),
                "frames below the test framework's do not count");
        assertFalse(StaticHolders.onTheSystemLoader(new StackTraceElement[] {jdk, other, lib, runner}));
    }
}

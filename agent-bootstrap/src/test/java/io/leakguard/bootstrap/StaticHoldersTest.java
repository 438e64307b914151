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
                    new ObjectWalk()));
            assertNull(StaticHolders.holding(StaticHoldersTest.class, new Object(), new ObjectWalk()),
                    "an object nothing holds");
            Object other = new Object();
            c.pool.byRoute.put("route", new ArrayList<>(List.of(new Entry(new Connection(other)))));
            assertTrue(StaticHolders.reaches(c, other, new ObjectWalk()), "through a map's lists");
        } finally {
            shared = null;
        }
    }

    @Test
    void theWalkStopsAtItsDepthAndItsBudget() {
        Object end = new Object();
        assertTrue(StaticHolders.reaches(chain(StaticHolders.MAX_DEPTH, end), end, new ObjectWalk()));
        assertFalse(StaticHolders.reaches(chain(StaticHolders.MAX_DEPTH + 1, end), end, new ObjectWalk()));
        assertFalse(StaticHolders.reaches(chain(5, end), end, new ObjectWalk(3)), "three objects looked at, not six");
        ObjectWalk walk = new ObjectWalk(3);
        StaticHolders.reaches(chain(5, end), end, walk);
        assertEquals(0, walk.left(), "the budget is spent and shared");
    }

    /** Two classes' loggers reaching one logging framework, and a third class's manager holding the file. */
    static final class Library {
        static Object loggerOfOneClass;
        static Object loggerOfAnother;
        static Object manager;
    }

    @Test
    void aStructureManyClassesReachIsLookedIntoOnce() {
        List<Object> framework = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            framework.add(chain(1, "logger " + i));
        }
        Object file = new Object();
        Library.loggerOfOneClass = chain(1, framework);
        Library.loggerOfAnother = chain(1, framework);
        Library.manager = chain(3, file);
        try {
            // The first logger's walk takes ~320 of the 600 (its link, the list, 300 links, 300
            // strings at a sixteenth each), the second only its own link, so the manager is still
            // looked at; walked anew per field, the second took another 320 and the budget ran out.
            ObjectWalk walk = new ObjectWalk(600);
            assertEquals("Library.manager", StaticHolders.holding(Library.class, file, walk));
            assertTrue(walk.left() > 250, "left: " + walk.left());
        } finally {
            Library.loggerOfOneClass = null;
            Library.loggerOfAnother = null;
            Library.manager = null;
        }
    }

    @Test
    void anObjectReachedNearerThanBeforeIsLookedIntoAgain() {
        Object end = new Object();
        Object deep = chain(4, end);
        ObjectWalk walk = new ObjectWalk();
        // From the first root the chain starts 7 steps in: its end is 11 steps away, out of reach.
        assertFalse(StaticHolders.reaches(chain(7, deep), end, walk));
        // From the second it starts 1 step in, nearer: looked into again, and the end is reached.
        assertTrue(StaticHolders.reaches(chain(1, deep), end, walk));
    }

    @Test
    void whatHoldsNothingCostsLittle() {
        List<Object> strings = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            strings.add("name " + i);
        }
        Object file = new Object();
        ObjectWalk walk = new ObjectWalk(200);
        assertTrue(StaticHolders.reaches(List.of(strings, chain(2, file)).toArray(), file, walk),
                "a thousand strings are compared, not looked into: 1,000 / 16 of the budget");
    }

    @Test
    void aListeningChannelHeldOnlyThroughItsSelectionKeyIsReached() throws Exception {
        // HttpCore's listener endpoint keeps the key its channel was registered with, nothing else.
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open();
                java.nio.channels.ServerSocketChannel channel = java.nio.channels.ServerSocketChannel.open()) {
            channel.configureBlocking(false);
            Object endpoint = chain(2, channel.register(selector, java.nio.channels.SelectionKey.OP_ACCEPT));
            assertTrue(StaticHolders.reaches(endpoint, channel, new ObjectWalk()));
            assertFalse(StaticHolders.reaches(endpoint, new Object(), new ObjectWalk()));
        }
    }

    @Test
    void onlyTheJdksPlainCollectionsAreLookedInto() {
        Object socket = new Object();
        List<Object> plain = new ArrayList<>(List.of(socket));
        assertTrue(StaticHolders.reaches(plain, socket, new ObjectWalk(100)));
        // A wrapper may wrap the application's own collection, whose iteration is its code.
        assertFalse(StaticHolders.reaches(java.util.Collections.synchronizedList(plain), socket, new ObjectWalk(100)));
        assertFalse(StaticHolders.reaches(java.util.Collections.unmodifiableList(plain), socket, new ObjectWalk(100)));
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

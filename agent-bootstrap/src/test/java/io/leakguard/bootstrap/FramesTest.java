package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one classification of frames by class name. */
class FramesTest {
    private static final String[] NONE = new String[0];

    @Test
    void theJdkIsItsFivePackageRoots() {
        assertTrue(Frames.isJdk("java.io.FileInputStream"));
        assertTrue(Frames.isJdk("javax.sql.DataSource"));
        assertTrue(Frames.isJdk("jdk.internal.misc.Unsafe"));
        assertTrue(Frames.isJdk("sun.nio.ch.SocketChannelImpl"));
        assertTrue(Frames.isJdk("com.sun.net.httpserver.HttpServer"));
        assertFalse(Frames.isJdk("javafx.scene.Node"), "a prefix is a package, not a word");
        assertFalse(Frames.isJdk("com.sunrise.Dao"));
        assertFalse(Frames.isJdk("com.acme.Dao"));
    }

    @Test
    void theListHandedOutIsACopy() {
        String[] a = Frames.jdkPackages();
        a[0] = "com.acme.";
        assertTrue(Frames.isJdk("java.lang.String"));
        assertFalse(Frames.isJdk("com.acme.Dao"));
    }

    @Test
    void trackerAndLockApiFrames() {
        assertTrue(Frames.isTracker("io.leakguard.bootstrap.Tracker"));
        assertFalse(Frames.isTracker("io.leakguard.agent.AgentRuntime"));
        assertTrue(Frames.isLockApi("java.util.concurrent.locks.ReentrantLock$NonfairSync"));
        assertFalse(Frames.isLockApi("java.util.concurrent.Semaphore"));
    }

    @Test
    void classification() {
        assertEquals(Frames.SKIP, Frames.classify("io.leakguard.bootstrap.Tracker", null, NONE));
        assertEquals(Frames.SKIP, Frames.classify("java.io.FileInputStream", null, NONE));
        assertEquals(Frames.SKIP, Frames.classify("org.junit.jupiter.engine.execution.MethodInvocation", null, NONE));
        assertEquals(Frames.APPLICATION, Frames.classify("com.acme.orders.OrderDao", null, NONE));
        // Owners for the life of the JVM: the JDK's mechanisms, the agent, any class loader.
        assertEquals(Frames.INTERNAL_OWNER, Frames.classify("jdk.internal.loader.URLClassPath$JarLoader", null, NONE));
        assertEquals(Frames.INTERNAL_OWNER, Frames.classify("sun.net.www.http.HttpClient", null, NONE));
        assertEquals(Frames.INTERNAL_OWNER, Frames.classify("io.leakguard.agent.report.TextReporter", null, NONE));
        assertEquals(Frames.INTERNAL_OWNER, Frames.classify("org.apache.catalina.loader.WebappClassLoader$1", null, NONE));
        // A skipped library's class from a jar is skipped.
        assertEquals(Frames.SKIP, Frames.classify("com.zaxxer.hikari.pool.HikariPool", null,
                new String[] {"com.zaxxer.hikari."}));
    }
}

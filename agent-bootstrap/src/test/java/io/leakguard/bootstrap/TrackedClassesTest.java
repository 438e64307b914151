package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrackedClassesTest {
    private static final class DriverStatement {
    }

    private static final class ProxyStatement {
    }

    @Test
    void aClassIsAskedForOnlyOnceAnInstanceOfItWasRecorded() {
        assertFalse(TrackedClasses.mayBeRecorded(new ProxyStatement()));
        TrackedClasses.recording(new ProxyStatement());
        // Any instance of it from now on, not only the one recorded: the table has the answer.
        assertTrue(TrackedClasses.mayBeRecorded(new ProxyStatement()));
        assertFalse(TrackedClasses.mayBeRecorded(new DriverStatement()));
    }
}

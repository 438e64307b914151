package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CurrentTestTest {
    @BeforeEach
    void on() {
        CurrentTest.on = true;
    }

    @AfterEach
    void off() {
        CurrentTest.on = false;
    }

    private static CurrentTest.Owner onNewThread(Runnable before) throws InterruptedException {
        AtomicReference<CurrentTest.Owner> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            before.run();
            seen.set(CurrentTest.owner());
        });
        t.start();
        t.join();
        return seen.get();
    }

    @Test
    void threadsInheritTheTestOfTheThreadThatConstructedThemTransitively() throws Exception {
        CurrentTest.started(41, "a.Test");
        try {
            AtomicReference<CurrentTest.Owner> grandchild = new AtomicReference<>();
            CurrentTest.Owner child = onNewThread(() -> {
                try {
                    grandchild.set(onNewThread(() -> { }));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(41, child.id);
            assertEquals("a.Test", child.testClass);
            assertSame(Thread.currentThread(), child.testThread);
            assertEquals(41, grandchild.get().id);
            assertEquals(false, child.started());
        } finally {
            CurrentTest.finished(41);
        }
        assertEquals(0, CurrentTest.id());
        assertNull(onNewThread(() -> { }));
    }

    @Test
    void aTestStartedInsideAnotherRestoresTheOuterOneAtItsEnd() {
        CurrentTest.started(1, null);
        CurrentTest.started(2, null);
        assertEquals(2, CurrentTest.id());
        CurrentTest.finished(2);
        assertEquals(1, CurrentTest.id());
        CurrentTest.finished(1);
        assertEquals(0, CurrentTest.id());
    }

    @Test
    void forkJoinWorkersDoNotKeepTheTestTheyWereConstructedUnder() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        CurrentTest.started(7, null);
        try {
            int onWorker = pool.submit(CurrentTest::id).get();
            assertEquals(0, onWorker);
            int startedOnWorker = pool.submit(() -> {
                CurrentTest.started(8, null);
                try {
                    return CurrentTest.id();
                } finally {
                    CurrentTest.finished(8);
                }
            }).get();
            assertEquals(8, startedOnWorker);
        } finally {
            CurrentTest.finished(7);
            pool.shutdown();
        }
    }

    @Test
    void otherModesSeeNoTest() {
        CurrentTest.started(3, null);
        try {
            CurrentTest.on = false;
            assertNull(CurrentTest.owner());
            assertEquals(0, CurrentTest.id());
        } finally {
            CurrentTest.on = true;
            CurrentTest.finished(3);
        }
    }
}

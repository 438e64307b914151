package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thread's memory of the locks the JDK's own code takes: not walked again, whatever their hashes. */
class HeldLocksTest {
    /** Objects whose identity hashes all fall in one set of the cache. */
    private static List<Object> sameSet(int n) {
        List<Object> out = new ArrayList<>();
        Object first = new Object();
        out.add(first);
        int set = System.identityHashCode(first) & (HeldLocks.JDK_LOCK_SETS - 1);
        while (out.size() < n) {
            Object o = new Object();
            if ((System.identityHashCode(o) & (HeldLocks.JDK_LOCK_SETS - 1)) == set) {
                out.add(o);
            }
        }
        return out;
    }

    private static HeldLocks fresh() {
        return new HeldLocks(Thread.currentThread());
    }

    @Test
    void aLockNotSeenIsNotKnown() {
        HeldLocks h = fresh();
        assertFalse(h.knownJdkLock(new Object()));
        h.rememberJdkLock(new Object());
        assertFalse(h.knownJdkLock(new Object()));
    }

    @Test
    void aQueuesTwoLocksAndAStreamsInOneSetAreAllRemembered() {
        // A queue's put and take locks, taken in turn, where a stream's lock already sits: with one
        // slot per hash they pushed each other out and every lock() walked again (the ci sample's
        // LockSitesTest on Temurin 25).
        HeldLocks h = fresh();
        List<Object> locks = sameSet(3);
        for (int round = 0; round < 3; round++) {
            for (Object l : locks) {
                if (!h.knownJdkLock(l)) {
                    h.rememberJdkLock(l);
                }
            }
        }
        for (Object l : locks) {
            assertTrue(h.knownJdkLock(l));
        }
    }

    @Test
    void aFullSetKeepsTheLatestAndAsManyAsItHasWays() {
        HeldLocks h = fresh();
        List<Object> locks = sameSet(HeldLocks.JDK_LOCK_WAYS + 1);
        for (Object l : locks) {
            h.rememberJdkLock(l);
        }
        assertTrue(h.knownJdkLock(locks.get(locks.size() - 1)), "the latest is always known");
        long known = locks.stream().filter(h::knownJdkLock).count();
        assertEquals(HeldLocks.JDK_LOCK_WAYS, known, "one older lock was pushed out, no more");
    }
}

package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thread's memory of the locks the JDK's own code takes: never walked again, whatever their hashes. */
class HeldLocksTest {
    /** Objects whose identity hashes all fall in one slot of the cache (its 32 slots, by hash). */
    private static List<Object> sameSlot(int n) {
        List<Object> out = new ArrayList<>();
        Object first = new Object();
        out.add(first);
        int slot = System.identityHashCode(first) & 31;
        while (out.size() < n) {
            Object o = new Object();
            if ((System.identityHashCode(o) & 31) == slot) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void aLockNotSeenIsNotKnown() {
        HeldLocks h = new HeldLocks(Thread.currentThread());
        assertFalse(h.knownJdkLock(new Object()));
    }

    @Test
    void twoLocksWhoseHashesShareASlotAreBothRemembered() {
        // A queue's put and take locks, taken in turn: with one slot each push the other out and
        // every lock() walked again (the ci sample's LockSitesTest, Temurin 25).
        HeldLocks h = new HeldLocks(Thread.currentThread());
        List<Object> locks = sameSlot(2);
        h.rememberJdkLock(locks.get(0));
        h.rememberJdkLock(locks.get(1));
        assertTrue(h.knownJdkLock(locks.get(0)));
        assertTrue(h.knownJdkLock(locks.get(1)));
    }

    @Test
    void aThirdLockInTheSameSlotIsRememberedAndPushesOneOut() {
        HeldLocks h = new HeldLocks(Thread.currentThread());
        List<Object> locks = sameSlot(3);
        for (Object l : locks) {
            h.rememberJdkLock(l);
        }
        assertTrue(h.knownJdkLock(locks.get(2)), "the latest is always known");
        assertTrue(h.knownJdkLock(locks.get(0)) != h.knownJdkLock(locks.get(1)), "exactly one of the older two was pushed out");
    }
}

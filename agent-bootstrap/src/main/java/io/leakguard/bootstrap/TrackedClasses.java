package io.leakguard.bootstrap;

/**
 * The statement and result set classes of which an instance was ever recorded. Behind a pool's
 * proxy, each close of a statement or result set runs the driver's close too, and its release
 * hook looked up a handle that is never tracked (only the outermost acquisition is): a fresh
 * identity hash and a stripe lock for nothing, on every statement. A class none of whose
 * instances was ever recorded cannot have one open, so its release needs no lookup.
 *
 * <p>Ordering: an acquisition marks its class (a volatile write) before its record enters the
 * table, and whoever closes the handle got it from that acquisition, so the close's read sees the
 * mark. A class stays marked for good: this never forgets, it only skips what cannot be there.
 */
final class TrackedClasses {
    private TrackedClasses() {
    }

    private static final class Seen {
        volatile boolean recorded;
    }

    private static final ClassValue<Seen> SEEN = new ClassValue<Seen>() {
        @Override
        protected Seen computeValue(Class<?> type) {
            return new Seen();
        }
    };

    /**
     * Before a statement's or result set's record enters the table. No per-thread cache of the
     * last class: a thread outlives a web application, and a class held by it would keep the
     * application's loader alive; the value held here is the class's own (no reference back).
     */
    static void recording(Object resource) {
        Seen s = SEEN.get(resource.getClass());
        if (!s.recorded) {
            s.recorded = true;
        }
    }

    /** False only if no instance of the handle's class was ever recorded (so this one is not). */
    static boolean mayBeRecorded(Object handle) {
        return SEEN.get(handle.getClass()).recorded;
    }
}

package io.leakguard.bootstrap;

/**
 * Recording an acquisition: the guard checks, the site capture and the one insert into
 * {@link OpenRecords}. Shared by every family's entry points ({@link Tracker}, {@link JdbcTracker}).
 */
final class Acquisitions {
    /** Off until the agent has loaded a valid configuration. */
    static volatile boolean active;
    /** ci mode: a full stack per acquisition instead of the first application frame. */
    static volatile boolean fullStacks;
    /**
     * The JVM has begun running its shutdown hooks: what is opened from then on is the exit's own
     * work (a coverage agent writing its data, a logger flushing), never a leak to report.
     */
    static volatile boolean shuttingDown;

    private Acquisitions() {
    }

    static void acquire(Object resource, int family, Object description) {
        if (active && resource != null) {
            acquire(ThreadState.get(), resource, family, description, null, false);
        }
    }

    /**
     * @param parent the record this resource belongs to (a statement's connection), or null
     * @param alwaysWalk find the site even past the budget: for rare, expensive acquisitions
     *     (a physical database connection) where the walk also tells pool-owned from the
     *     application's
     */
    static Record acquire(ThreadState g, Object resource, int family, Object description, JdbcRecord parent,
                                  boolean alwaysWalk) {
        if (Thread.currentThread() instanceof AgentThread || shuttingDown) {
            return null;
        }
        if (g.depth != 0) {
            return null;
        }
        g.depth++;
        try {
            if (Faults.ON) {
                Faults.inject("tracker.acquire");
            }
            long now = Clock.now();
            Site site = null;
            AcquisitionTrace trace = null;
            if (fullStacks) {
                trace = family == Family.JDBC ? SharedTraces.traceFor(g, resource, SharedTraces.jdbcKind(description))
                        : family == Family.FILE ? SharedTraces.traceFor(g, resource, CallSites.FILE)
                        : new AcquisitionTrace(resource.getClass());
            } else {
                site = sampledSite(g, now, alwaysWalk, family == Family.JDBC && parent == null
                        && !(description instanceof JdbcChild));
                if (site == null) {
                    return null;
                }
            }
            if (description instanceof JdbcChild) {
                TrackedClasses.recording(resource); // statements and result sets: see JdbcHooks.released
            }
            int hash = System.identityHashCode(resource);
            Record r = family == Family.JDBC
                    ? new JdbcRecord(resource, hash, description, site, trace, now, parent, OpenRecords.queue())
                    : new Record(resource, hash, family, description, site, trace, now, OpenRecords.queue());
            // Idempotent: a second report of the same object is ignored.
            int added = OpenRecords.add(r);
            if (added != OpenRecords.ADDED) {
                if (added == OpenRecords.FULL) {
                    tableFull();
                }
                return null;
            }
            if (family == Family.JDBC) {
                // A handle remembered as untracked is tracked from now on.
                if (g.usedMiss != null && g.usedMiss.refersTo(resource)) {
                    g.usedMiss = null;
                }
                if (g.usedMiss2 != null && g.usedMiss2.refersTo(resource)) {
                    g.usedMiss2 = null;
                }
                g.lastJdbc = (JdbcRecord) r;
            }
            return r;
        } catch (Throwable t) {
            failed("tracker.acquire", t);
            return null;
        } finally {
            g.depth--;
        }
    }

    /**
     * The first application frame, if this thread's budget allows a walk; otherwise the
     * UNSAMPLED site. Null when the JDK owns the resource or no application frame exists.
     */
    static Site sampledSite(ThreadState g, long start, boolean alwaysWalk, boolean connection) {
        long divisor = alwaysWalk ? 0 : SiteBudget.divisor();
        if (divisor != 0 && !g.mayWalk(start, divisor)) {
            return SiteCapture.UNSAMPLED;
        }
        long before = divisor != 0 ? System.nanoTime() : 0;
        Site s = SiteCapture.firstApplicationSite(connection);
        if (divisor != 0) {
            g.spent(Math.min(SiteBudget.MAX_CHARGE_NANOS, System.nanoTime() - before));
        }
        return s;
    }

    /**
     * The tracker itself keeps failing: after AgentErrors.SWITCH_OFF_AFTER failures, tracking
     * stops (acquisitions and releases return at once); the rest of the agent goes on.
     */
    static void failed(String where, Throwable t) {
        if (AgentErrors.recordAndCount(where, t) == AgentErrors.SWITCH_OFF_AFTER && active) {
            active = false;
            AgentErrors.switchedOff("resource tracking (" + where + ")",
                    "files, sockets and JDBC are no longer tracked; lock watching and the reports go on");
        }
    }

    private static volatile boolean fullReported;

    /** max-tracked records are open: this acquisition is counted, not recorded; said once. */
    private static void tableFull() {
        Counters.UNTRACKED.increment();
        if (!fullReported) {
            fullReported = true;
            Events.tableFull();
        }
    }
}

package io.leakguard.bootstrap;

/** How acquisitions are recorded, for {@link Tracker#configure}; read once, at configure time. */
public final class TrackerSettings {
    /** mode=ci: a full stack per acquisition instead of the first application frame. */
    public boolean fullStacks;
    /** ci.stacks=shared: with fullStacks, acquisitions at a woven call site may share a trace (SharedTraces). */
    public boolean sharedStacks;
    /** stack.depth: the most frames a site's stack keeps (at least 8). */
    public int stackDepth = 64;
    /** library.* package prefixes skipped on the way to the application frame. */
    public String[] libraryPrefixes = new String[0];
    /** site.budget: most percent of a thread's time spent finding sites (resources and locks). */
    public int siteBudgetPercent = 5;
    /** max-tracked: beyond it acquisitions are counted but not recorded. */
    public int maxTracked = 1_000_000;
}

package io.leakguard.bootstrap;

/** ci mode's options for {@link CiTests#configure}; read once, at configure time. */
public final class CiSettings {
    /** mode=ci. */
    public boolean enabled;
    /** ci.grace: how long after a test its resources may still be closed asynchronously. */
    public long graceMillis = 200;
    /** ci.grace-learn: a path proven to leak waits {@link CiGrace#SHORT_MILLIS}, not the full grace. */
    public boolean graceLearn = true;
    /**
     * ci.thread-wait: after the grace, how long in all to wait for still-running threads the test
     * started that hold what it leaked (they may be about to close it); 0 for not at all.
     */
    public long threadWaitMillis = 2000;
    /** ci.fail-on=definite: fail only for resources the GC found unclosed (and locks of dead threads). */
    public boolean definiteOnly;
    /** The agent's exemptions (ignore.paths, ignore.sites); null for none. */
    public Exemptions exemptions;
    /** ci.baseline: the known leak sites, each "family site"; null for no baseline. */
    public java.util.Set<String> baselineSites;
}

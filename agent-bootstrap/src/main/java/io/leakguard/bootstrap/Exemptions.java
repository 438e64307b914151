package io.leakguard.bootstrap;

/**
 * The agent's exemptions (ignore.paths, ignore.sites), asked by ci mode so that an exempt
 * resource fails no test. Implemented by the agent, which owns the globs.
 */
public interface Exemptions {
    boolean ignored(Record r);

    /** ignore.sites for things that are not records (a lock's hold). */
    boolean ignoredSite(Site site);
}

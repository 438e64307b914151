package io.leakguard.agent.scan;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.Glob;
import io.leakguard.bootstrap.Record;
import io.leakguard.bootstrap.Site;

/**
 * What no finding names: resources the user exempted (ignore.paths, ignore.sites) and records
 * that are never reported (the JDK's own). Read by the leak scan, the reclaimer, the lock watch,
 * the ci attribution and the live report; changed live through {@link #apply}.
 */
public final class Exemptions {
    // Volatile: `set` (live, through JMX) changes them while the scan and the lock watch read them.
    private volatile Glob ignorePaths;
    private volatile Glob ignoreSites;

    Exemptions(Config config) {
        apply(config);
    }

    void apply(Config config) {
        this.ignorePaths = config.globs("ignore.paths");
        this.ignoreSites = config.globs("ignore.sites");
    }

    /** Whether the user exempted this resource (ignore.paths, ignore.sites) or it is the JDK's. */
    public boolean isIgnored(Record r) {
        if (!r.reportable()) {
            return true;
        }
        if (!ignorePaths.isEmpty() && ignorePaths.matches(r.describe())) {
            return true;
        }
        if (!ignoreSites.isEmpty()) {
            if (ignoreSites.matches(r.site().frame)) {
                return true;
            }
            for (String line : r.stackLines()) {
                if (ignoreSites.matches(line)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether ignore.sites matches this frame. */
    public boolean isIgnoredFrame(String frame) {
        Glob sites = ignoreSites;
        return !sites.isEmpty() && frame != null && sites.matches(frame);
    }

    /** Whether ignore.sites exempts this site (a lock's hold, which is not a record). */
    public boolean isIgnoredSite(Site site) {
        Glob sites = ignoreSites;
        if (sites.isEmpty()) {
            return false;
        }
        if (sites.matches(site.frame)) {
            return true;
        }
        for (String line : site.stack) {
            if (sites.matches(line)) {
                return true;
            }
        }
        return false;
    }
}

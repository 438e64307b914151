package io.leakguard.agent.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * During the run a site is reported when first seen and again each time its count has doubled
 * (1, 2, 4, 8, ...): a steady leak or a storm of waits stays visible without flooding the log.
 * One per reporter of running totals (the leak scan, the lock watch); not thread-safe, each is
 * used under its owner's lock.
 */
public final class ReportThrottle {
    /** Count last reported, per key (kind, type, site). */
    private final Map<String, Integer> lastReported = new HashMap<>();

    /**
     * Whether {@code key}, now at {@code count}, is reported: the first time, once the count has
     * doubled since the last report, or always when {@code force} (the exit summary, a deadlock).
     * When it is, the count is remembered as the last reported.
     */
    public boolean due(String key, int count, boolean force) {
        Integer last = lastReported.get(key);
        if (force || last == null || count >= 2 * last) {
            lastReported.put(key, count);
            return true;
        }
        return false;
    }
}

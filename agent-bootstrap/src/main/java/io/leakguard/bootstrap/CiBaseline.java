package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ci.baseline: the leak sites a codebase already had when it adopted ci mode. A test whose leak
 * was acquired at a known site (same family, same frame) does not fail for it; a new site does.
 * Sites of the baseline no test leaked at in this run are "fixed", listed at the end so the
 * baseline shrinks. The one owner of which baseline sites were seen.
 */
public final class CiBaseline {
    /** "family site" -> seen leaking in this run; empty when there is no baseline. */
    private static volatile Map<String, Boolean> sites = Collections.emptyMap();

    private CiBaseline() {
    }

    /** The baseline's entries as "family site" ("jdbc com.acme.Dao.load(Dao.java:42)"); null for none. */
    static void configure(Set<String> entries) {
        Map<String, Boolean> m = new ConcurrentHashMap<>();
        if (entries != null) {
            for (String e : entries) {
                m.put(e, Boolean.FALSE);
            }
        }
        sites = m;
    }

    /** True if the baseline knows this site for this family: the leak fails no test. Marks it seen. */
    static boolean known(String family, Site site) {
        Map<String, Boolean> m = sites;
        if (m.isEmpty() || site == null || site.frame == null) {
            return false;
        }
        String key = family + " " + site.frame;
        if (m.containsKey(key)) {
            m.put(key, Boolean.TRUE);
            return true;
        }
        return false;
    }

    /** A finding outside any test's judgement (the exit report, a scan) leaked at this site: not fixed. */
    public static void leaked(String family, String frame) {
        Map<String, Boolean> m = sites;
        String key = family + " " + frame;
        if (!m.isEmpty() && m.containsKey(key)) {
            m.put(key, Boolean.TRUE);
        }
    }

    static boolean known(Record r) {
        return known(r.familyName(), r.site());
    }

    /** The baseline's sites that did not leak in this run, sorted: "family site". */
    public static List<String> fixed() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : sites.entrySet()) {
            if (!e.getValue()) {
                out.add(e.getKey());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Whether a baseline is in use. */
    public static boolean active() {
        return !sites.isEmpty();
    }
}

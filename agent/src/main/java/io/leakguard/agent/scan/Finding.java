package io.leakguard.agent.scan;

import java.util.List;

/**
 * One finding, already deduplicated: every open (or lost) resource of one family acquired at one
 * site, with how many there are and the oldest age. Rendered by every reporter the same way.
 */
public final class Finding {
    public enum Kind {
        WARN("warn", "open longer than leak.warn"),
        CRITICAL("critical", "open longer than leak.critical"),
        DEFINITE("definite", "garbage collected without close()"),
        OPEN_AT_EXIT("open-at-exit", "still open when the JVM exited"),
        RECLAIMED("reclaimed", "reclaimed by leakguard after being held past leak.critical"),
        QUOTA_REFUSED("quota-refused", "refused by a quota"),
        CIRCUIT_OPEN("circuit-open", "circuit breaker opened"),
        CIRCUIT_CLOSED("circuit-closed", "circuit breaker closed again");

        static Kind forId(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            return QUOTA_REFUSED;
        }

        public final String id;
        public final String meaning;

        Kind(String id, String meaning) {
            this.id = id;
            this.meaning = meaning;
        }
    }

    public final Kind kind;
    public final String family;
    /** What the resources are: file, connection, statement, resultset. */
    public final String type;
    public final String site;
    public final int count;
    public final long oldestAgeMillis;
    public final String thread;
    /** A few of the resources' descriptions (paths), not all of them. */
    public final List<String> resources;
    public final List<String> stack;
    public final long timeMillis;
    public final String action;

    public Finding(Kind kind, String family, String type, String site, int count, long oldestAgeMillis, String thread,
                   List<String> resources, List<String> stack, long timeMillis, String action) {
        this.kind = kind;
        this.family = family;
        this.type = type;
        this.site = site;
        this.count = count;
        this.oldestAgeMillis = oldestAgeMillis;
        this.thread = thread;
        this.resources = resources;
        this.stack = stack;
        this.timeMillis = timeMillis;
        this.action = action;
    }
}

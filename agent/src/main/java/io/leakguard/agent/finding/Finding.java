package io.leakguard.agent.finding;

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
        CIRCUIT_CLOSED("circuit-closed", "circuit breaker closed again"),
        LOCK_WAIT("lock-wait", "waited longer than lock.wait-timeout for a lock"),
        LONG_HOLD("long-hold", "held longer than lock.hold-warn"),
        DEAD_OWNER("dead-owner", "held by a thread that has terminated: nobody can ever unlock it"),
        DEADLOCK("deadlock", "threads waiting for each other's locks: none of them can go on"),
        LOCK_TIMEOUT("lock-timeout", "lock() gave up after lock.wait-timeout (lock.on-timeout=throw)"),
        LONG_TRANSACTION("long-transaction", "open longer than jdbc.tx-warn"),
        IDLE_IN_TRANSACTION("idle-in-transaction", "idle in transaction longer than jdbc.tx-idle-warn (no statement)"),
        SLOW_IO("slow-io", "blocked in a read, write or force longer than io.slow"),
        THREAD_GROWTH("thread-growth", "running at once, started from one line, past thread.warn"),
        PRESSURE("pressure", "pressure level changed"),
        TABLE_FULL("table-full", "max-tracked records open: further acquisitions counted, not recorded");

        public static Kind forId(String id) {
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
    /** For lock findings: the threads involved (waiter, owner, each thread of a deadlock). */
    public final List<ThreadPart> threads;

    /** One thread of a lock finding: what it is doing, what it holds or waits for, and where. */
    public static final class ThreadPart {
        /** waiter, owner, or member (of a deadlock). */
        public final String role;
        public final String name;
        public final String state;
        /** The lock it waits for (waiter, member) or holds (owner); may be null. */
        public final String lock;
        /** Where it took the lock it holds: a frame, or a sentence saying why it is not known. */
        public final String acquiredAt;
        public final List<String> stack;

        public ThreadPart(String role, String name, String state, String lock, String acquiredAt, List<String> stack) {
            this.role = role;
            this.name = name;
            this.state = state;
            this.lock = lock;
            this.acquiredAt = acquiredAt;
            this.stack = stack;
        }
    }

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
        this.threads = List.of();
    }

    public Finding(Kind kind, String family, String type, String site, int count, long ageMillis, String thread,
                   List<String> resources, List<String> stack, long timeMillis, String action, List<ThreadPart> threads) {
        this.kind = kind;
        this.family = family;
        this.type = type;
        this.site = site;
        this.count = count;
        this.oldestAgeMillis = ageMillis;
        this.thread = thread;
        this.resources = resources;
        this.stack = stack;
        this.timeMillis = timeMillis;
        this.action = action;
        this.threads = threads;
    }
}

package io.leakguard.agent.finding;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many problems of each kind leakguard has found since start: a definite leak counts each
 * lost resource, a lock problem each wait, hold, dead owner or deadlock. Counted where the
 * finding is first made (the scanner, the lock watch), never again when it is re-reported.
 */
public final class FindingCounts {
    private static final Map<Finding.Kind, LongAdder> COUNTS = new EnumMap<>(Finding.Kind.class);

    static {
        for (Finding.Kind k : Finding.Kind.values()) {
            COUNTS.put(k, new LongAdder());
        }
    }

    private FindingCounts() {
    }

    public static void add(Finding.Kind kind, long n) {
        COUNTS.get(kind).add(n);
    }

    public static long get(Finding.Kind kind) {
        return COUNTS.get(kind).sum();
    }
}

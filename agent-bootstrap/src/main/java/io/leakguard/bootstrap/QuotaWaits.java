package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.List;

/** What the reports and metrics read of quota.wait's two lines (JDBC connections, sockets): who waits now, and totals. */
public final class QuotaWaits {
    /** The families, in the order of the arrays below. */
    public static final String[] FAMILIES = {"jdbc", "socket"};

    private QuotaWaits() {
    }

    private static QuotaQueue line(int i) {
        return i == 0 ? JdbcPolicy.QUEUE : SocketQuota.QUEUE;
    }

    /** Threads waiting now for a slot of the family's quotas. */
    public static int waiting(int family) {
        return line(family).waiting();
    }

    /** Threads that had to wait since start. */
    public static long waits(int family) {
        return line(family).waits.sum();
    }

    /** Of those, the ones refused when quota.wait ran out. */
    public static long refusedAfterWait(int family) {
        return line(family).refusedAfterWait.sum();
    }

    /** One line per waiting thread: "jdbc: thread T waiting 350 ms at SITE". */
    public static List<String> describe() {
        long now = System.nanoTime();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FAMILIES.length; i++) {
            if (line(i).waiting() != 0) {
                out.addAll(line(i).describeWaiters(now));
            }
        }
        return out;
    }
}

package io.leakguard.bootstrap;

import java.io.FileNotFoundException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pressure levels (written by the agent's pressure monitor) and the one check on the hot path:
 * in enforce mode at critical file-descriptor pressure, opening a file or connecting a socket
 * fails at once with an exception naming the level and the top holders, instead of the
 * "Too many open files" that would take the next file, socket or class load with it.
 *
 * <p>The hot-path check does not wait for the monitor: it compares the descriptors in use (the
 * untracked baseline the monitor last measured, plus the tracked files and sockets open now,
 * {@link OpenRecords#descriptors()}) with the critical mark, so a burst of opens between two monitor ticks is
 * still refused in time.
 */
public final class Pressure {
    public static final String[] RESOURCES = {"fd", "jdbc", "heap"};
    public static final int FD = 0;
    public static final int JDBC = 1;
    public static final int HEAP = 2;

    public static final int NORMAL = 0;
    public static final int ELEVATED = 1;
    public static final int HIGH = 2;
    public static final int CRITICAL = 3;
    public static final String[] LEVELS = {"normal", "elevated", "high", "critical"};

    /**
     * Descriptors the agent itself holds open (the metrics endpoint's sockets): the monitor takes
     * them out of what it measures, so an endpoint's clients never count as the application's
     * pressure (nor could they push enforce mode to reclaim or refuse the application's files).
     */
    private static final AtomicLong AGENT_FDS = new AtomicLong();

    private static final int[] LEVEL = new int[RESOURCES.length];
    private static final double[] RATIO = new double[RESOURCES.length];

    /** Enforce mode with pressure.refuse. */
    static volatile boolean refuse;
    /** Descriptors in use that the tracker does not see (class path jars, the JDK's own). */
    private static volatile long fdBaseline;
    /** Descriptors in use at which opens are refused (95 % of the limit); 0 = no check. */
    private static volatile long fdCriticalAt;
    /** Set by the monitor while the level is critical (and until it falls below high). */
    private static volatile boolean fdRefusing;
    private static volatile boolean jdbcRefusing;
    private static volatile long fdLimit;
    /** Descriptors in use below which a critical level no longer refuses (its 5-point hysteresis). */
    private static volatile long fdStillCriticalAt;
    /**
     * Descriptors in use at which the next level above the monitor's current one begins (0 =
     * none): an open that reaches it wakes the monitor at once, so a burst that crosses levels
     * between two of its readings is still reported, level by level.
     */
    private static volatile long fdNextMarkAt;
    /** The most descriptors in use the hot path saw since the monitor last took it. */
    private static volatile long fdPeak;
    /** The monitor's thread, parked between readings; woken once per request. */
    private static volatile Thread monitor;
    private static volatile boolean wakeAsked;

    /** Refusals per resource since start, and the first refusal's message since the monitor last reported one. */
    private static final LongAdder[] REFUSALS = {new LongAdder(), new LongAdder(), new LongAdder()};
    private static final java.util.concurrent.atomic.AtomicReferenceArray<String> FIRST_REFUSAL =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(RESOURCES.length);

    private Pressure() {
    }

    /** Enforce mode with pressure.refuse on: critical pressure refuses acquisitions. */
    public static void configure(boolean refuseAtCritical) {
        refuse = refuseAtCritical;
        // The hot-path check needs a count fresher than the monitor's 250 ms reading, counted only
        // while refusing is possible. The monitor's baseline is "descriptors in use minus this
        // count", so the sum stays right whenever counting started.
        OpenRecords.countDescriptors(refuseAtCritical);
        if (!refuseAtCritical) {
            fdRefusing = false;
            jdbcRefusing = false;
        }
    }

    /** Whether critical pressure refuses acquisitions (enforce mode with pressure.refuse). */
    public static boolean refusing() {
        return refuse;
    }

    public static int level(int resource) {
        return LEVEL[resource];
    }

    public static double ratio(int resource) {
        return RATIO[resource];
    }

    public static long trackedDescriptors() {
        return OpenRecords.descriptors();
    }

    /** The agent opened (+1) or closed (-1) a descriptor of its own. */
    public static void agentDescriptors(int delta) {
        AGENT_FDS.addAndGet(delta);
    }

    /** Descriptors the agent holds open for itself now. */
    public static long agentDescriptors() {
        return Math.max(0, AGENT_FDS.get());
    }

    /** The monitor's latest reading of one resource. */
    public static void update(int resource, int level, double ratio) {
        LEVEL[resource] = level;
        RATIO[resource] = ratio;
        if (resource == FD) {
            fdRefusing = refuse && level == CRITICAL;
        } else if (resource == JDBC) {
            jdbcRefusing = refuse && level == CRITICAL;
        }
    }

    /** The monitor measured the descriptors in use: what the tracker does not see, and the limit. */
    public static void descriptors(long untracked, long limit, double criticalShare) {
        fdBaseline = Math.max(0, untracked);
        fdLimit = limit;
        fdCriticalAt = limit > 0 ? (long) Math.ceil(limit * criticalShare) : 0;
        fdStillCriticalAt = limit > 0 ? (long) Math.ceil(limit * (criticalShare - 0.05)) : 0;
    }

    /** The monitor's level for descriptors is now one whose next mark up is at this many in use (0 = none). */
    public static void fdNextMark(long at) {
        fdNextMarkAt = at;
    }

    /** The monitor thread registers itself: the hot path may wake it. */
    public static void monitorThread(Thread t) {
        monitor = t;
    }

    /** The monitor takes the peak seen since its last reading (0 = none) and the wake request. */
    public static long takeFdPeak() {
        wakeAsked = false;
        long p = fdPeak;
        fdPeak = 0;
        return p;
    }

    /** Wakes the monitor for an early reading, once until it takes the request. */
    private static void wake() {
        if (!wakeAsked) {
            wakeAsked = true;
            Thread t = monitor;
            if (t != null) {
                java.util.concurrent.locks.LockSupport.unpark(t);
            }
        }
    }

    private static boolean fdCritical() {
        if (!refuse) {
            return false;
        }
        long used = fdBaseline + OpenRecords.descriptors();
        long next = fdNextMarkAt;
        if (next > 0 && used >= next) {
            if (used > fdPeak) {
                fdPeak = used;
            }
            wake();
        }
        // The monitor's critical level refuses only while the live count stays high: a level
        // raised by a burst's peak must not refuse opens once the burst's files are closed.
        if (fdRefusing && used >= fdStillCriticalAt) {
            return true;
        }
        long at = fdCriticalAt;
        return at > 0 && used >= at;
    }

    /** Refusals of this resource since start. */
    public static long refusals(int resource) {
        return REFUSALS[resource].sum();
    }

    /** The first refusal's message since the last call (null if none): the monitor reports it. */
    public static String takeFirstRefusal(int resource) {
        return FIRST_REFUSAL.getAndSet(resource, null);
    }

    /**
     * Counted, and the first since the monitor last reported wakes it: a refusal is reported at once.
     * The message is in place before the count moves: a monitor tick that saw the count between
     * the two (counted first, as this was) found no message, reported "refused 1 more" without
     * the refusal and its holders, and the message was never reported (PressureTest, once on a
     * fresh clone's CI run on Temurin 25).
     */
    private static void noteRefusal(int resource, String message) {
        boolean first = FIRST_REFUSAL.get(resource) == null && FIRST_REFUSAL.compareAndSet(resource, null, message);
        REFUSALS[resource].increment();
        if (first) {
            wake();
        }
    }

    /** Before a file is opened (FileInputStream, FileOutputStream, RandomAccessFile). */
    public static void fileOpening(Object file) throws FileNotFoundException {
        if (fdCritical() && !(Thread.currentThread() instanceof AgentThread)) {
            throw new FileNotFoundException(refusal("open " + file));
        }
    }

    /** Before a socket connect; null when it may go on. */
    static String socketRefusal(Object endpoint) {
        if (fdCritical()) {
            return refusal("connect to " + endpoint);
        }
        return null;
    }

    /** Before a JDBC connection is opened or borrowed; null when it may go on. */
    static String jdbcRefusal() {
        if (refuse && jdbcRefusing && stillCritical()) {
            Counters.PRESSURE_REFUSALS.increment();
            String m = "leakguard refused a JDBC connection: connection pressure is critical ("
                    + Math.round(RATIO[JDBC] * 100) + " % of jdbc.max-connections). Top holders: "
                    + OpenRecords.topSites(r -> r.family == Family.JDBC);
            noteRefusal(JDBC, m);
            return m;
        }
        return null;
    }

    /**
     * The monitor's level is up to 250 ms old; connections come and go faster. A refusal needs the
     * live count still where the monitor would call it critical (it leaves critical below 95 %
     * minus its 5-point hysteresis), so a connection given back is usable at once: without this,
     * a borrow right after a return was refused, naming no holder at all.
     */
    private static boolean stillCritical() {
        int max = JdbcPolicy.maxConnections();
        return max <= 0 || JdbcPolicy.openConnections() >= max * 0.90;
    }

    private static String refusal(String what) {
        Counters.PRESSURE_REFUSALS.increment();
        long used = fdBaseline + OpenRecords.descriptors();
        String m = "leakguard refused to " + what + ": file descriptors are at critical pressure (" + used + " of "
                + fdLimit + " in use; refusing until they fall below 85 %). Top holders: "
                + OpenRecords.topSites(r -> r.family == Family.FILE || r.family == Family.SOCKET);
        noteRefusal(FD, m);
        return m;
    }
}

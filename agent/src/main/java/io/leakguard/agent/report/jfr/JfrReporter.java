package io.leakguard.agent.report.jfr;

import io.leakguard.agent.report.Reporter;
import io.leakguard.agent.finding.Finding;
import java.util.List;

/**
 * Findings as JDK Flight Recorder events, one event type per kind (leakguard.Leak,
 * leakguard.LockWait, ...), recorded in whatever recording the user runs
 * (-XX:StartFlightRecording, jcmd JFR.start, JMC) and visible with {@code jfr print --events}.
 * When no recording is running, shouldCommit() is false and nothing is built. The exit report
 * adds only what is new at exit (resources still open); the rest was committed when found.
 */
public final class JfrReporter implements Reporter {
    @Override
    public void report(List<Finding> findings, boolean atExit) {
        Commits.report(findings, atExit);
    }

    /**
     * The event classes are touched only from here: verifying JfrReporter itself then loads no
     * JFR class, so creating it in premain costs nothing; the scanner's first report does.
     */
    private static final class Commits {
        private Commits() {
        }

        static void report(List<Finding> findings, boolean atExit) {
            for (Finding f : findings) {
                if (atExit && f.kind != Finding.Kind.OPEN_AT_EXIT) {
                    continue;
                }
                FindingEvent e = eventFor(f.kind);
                if (e == null || !e.shouldCommit()) {
                    continue;
                }
                e.family = f.family;
                e.resource = f.type + (f.resources.isEmpty() ? "" : " " + f.resources.get(0));
                e.site = f.site;
                e.thread = f.thread;
                e.age = f.oldestAgeMillis;
                e.count = f.count;
                e.action = f.action;
                e.commit();
            }
        }

        private static FindingEvent eventFor(Finding.Kind kind) {
            switch (kind) {
                case WARN:
                case CRITICAL:
                case DEFINITE:
                case OPEN_AT_EXIT:
                case DEAD_OWNER:
                    return new LeakEvent();
                case LONG_HOLD:
                    return new LongHoldEvent();
                case LOCK_WAIT:
                    return new LockWaitEvent();
                case DEADLOCK:
                    return new DeadlockEvent();
                case LOCK_TIMEOUT:
                    return new TimeoutAppliedEvent();
                case QUOTA_REFUSED:
                case CIRCUIT_OPEN:
                    return new QuotaRefusedEvent();
                case RECLAIMED:
                    return new ReclaimedEvent();
                case LONG_TRANSACTION:
                    return new LongTransactionEvent();
                case IDLE_IN_TRANSACTION:
                    return new IdleInTransactionEvent();
                case THREAD_GROWTH:
                    return new ThreadGrowthEvent();
                case SLOW_IO:
                    return new SlowIoEvent();
                case PRESSURE:
                    return new PressureLevelEvent();
                default:
                    return null;
            }
        }
    }
}

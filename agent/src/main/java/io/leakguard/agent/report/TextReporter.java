package io.leakguard.agent.report;

import io.leakguard.agent.config.Durations;
import io.leakguard.agent.finding.Finding;
import java.io.PrintStream;
import java.util.List;

/**
 * The human report on stderr: one block per site, most resources first, with the stack that
 * acquired them. Every line starts with "leakguard:" or is indented under one that does, so it
 * can be grepped out of a mixed log.
 *
 * <p>A leak storm must not flood the log: during the run a site's stack is printed the first
 * time the site is reported and replaced by one line afterwards (the scanner already reports a
 * site again only when its count doubles), and at most {@link #MAX_PER_MINUTE} findings a minute
 * are printed; the rest are counted and said to be suppressed. The exit report, the summary, is
 * printed whole. report.json, JFR and the metrics always get everything.
 */
public final class TextReporter implements Reporter {
    static final int MAX_PER_MINUTE = 100;

    private final PrintStream out;
    private final java.util.Set<String> stackShown = new java.util.HashSet<>();
    private long windowStart;
    private int inWindow;
    private int suppressed;

    public TextReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void report(List<Finding> findings, boolean atExit) {
        if (!atExit) {
            findings = rateLimited(findings);
            if (findings.isEmpty()) {
                return;
            }
        }
        StringBuilder sb = new StringBuilder(1024);
        int leaks = 0;
        int lockProblems = 0;
        for (Finding f : findings) {
            if (f.kind == Finding.Kind.WARN || f.kind == Finding.Kind.CRITICAL || f.kind == Finding.Kind.DEFINITE
                    || f.kind == Finding.Kind.RECLAIMED) {
                leaks += f.count;
            } else if ("lock".equals(f.family)) {
                lockProblems += f.count;
            }
        }
        sb.append("leakguard: ").append(atExit ? "exit report: " : "scan: ")
                .append(leaks).append(leaks == 1 ? " leaked resource" : " leaked resources")
                .append(lockProblems == 0 ? "" : ", " + lockProblems + (lockProblems == 1 ? " lock problem" : " lock problems"))
                .append(" in ").append(findings.size()).append(findings.size() == 1 ? " finding" : " findings")
                .append('\n');
        if (suppressed > 0 && !atExit) {
            sb.append("leakguard: ").append(suppressed).append(" more findings were not printed in the last minute "
                    + "(at most ").append(MAX_PER_MINUTE).append(" a minute); the exit report and report.json have them all\n");
            suppressed = 0;
        }
        for (Finding f : findings) {
            if (!atExit && !f.stack.isEmpty() && !stackShown.add(f.kind.id + '|' + f.type + '|' + f.site)) {
                f = withoutStack(f);
            }
            render(sb, f);
        }
        out.print(sb);
        out.flush();
    }

    private List<Finding> rateLimited(List<Finding> findings) {
        long now = System.currentTimeMillis();
        if (now - windowStart >= 60_000) {
            windowStart = now;
            inWindow = 0;
        }
        int room = Math.max(0, MAX_PER_MINUTE - inWindow);
        if (findings.size() <= room) {
            inWindow += findings.size();
            return findings;
        }
        suppressed += findings.size() - room;
        inWindow = MAX_PER_MINUTE;
        return findings.subList(0, room);
    }

    /** The same finding with its stack replaced by a pointer to the first report. */
    private static Finding withoutStack(Finding f) {
        return new Finding(f.kind, f.family, f.type, f.site, f.count, f.oldestAgeMillis, f.thread, f.resources,
                List.of("(stack as first reported for this site)"), f.timeMillis, f.action, f.threads);
    }

    static void render(StringBuilder sb, Finding f) {
        if (f.kind == Finding.Kind.THREAD_GROWTH) {
            sb.append("leakguard: [thread-growth] ").append(f.count).append(" threads ").append(f.kind.meaning)
                    .append(", oldest ").append(Durations.human(f.oldestAgeMillis)).append(", started at ")
                    .append(Text.line(f.site)).append(" (thread ").append(Text.line(f.thread)).append(")\n");
            for (String r : f.resources) {
                sb.append("    ").append(Text.line(r)).append('\n');
            }
            for (String line : f.stack) {
                sb.append("        at ").append(Text.line(line)).append('\n');
            }
            return;
        }
        if (f.kind == Finding.Kind.SLOW_IO) {
            renderSlowIo(sb, f);
            return;
        }
        if (!f.threads.isEmpty()) {
            renderLock(sb, f);
            return;
        }
        if (f.kind == Finding.Kind.PRESSURE) {
            sb.append("leakguard: [pressure] ").append(Text.line(f.resources.get(0))).append(" (").append(Text.line(f.action)).append(")\n");
            return;
        }
        if (f.kind == Finding.Kind.CIRCUIT_OPEN || f.kind == Finding.Kind.CIRCUIT_CLOSED
                || f.kind == Finding.Kind.TABLE_FULL) {
            sb.append("leakguard: [").append(f.kind.id).append("] ").append(Text.line(f.resources.get(0)))
                    .append(" (").append(f.count).append(f.count == 1 ? " time" : " times").append(", last seen at ")
                    .append(Text.line(f.site)).append(", thread ").append(Text.line(f.thread)).append(")\n");
            return;
        }
        if (f.kind == Finding.Kind.QUOTA_REFUSED || f.kind == Finding.Kind.LOCK_TIMEOUT) {
            sb.append("leakguard: [").append(f.kind.id).append("] ").append(f.count).append(' ').append(Text.line(f.type))
                    .append(f.count == 1 ? "" : "s").append(' ').append(f.kind.meaning)
                    .append(f.kind == Finding.Kind.LOCK_TIMEOUT ? ", thrown at " : ", refused at ").append(Text.line(f.site)).append(" (thread ").append(Text.line(f.thread)).append(")\n");
            for (String r : f.resources) {
                sb.append("    ").append(Text.line(r)).append('\n');
            }
            return;
        }
        sb.append("leakguard: [").append(f.kind.id).append("] ").append(f.count).append(' ')
                .append(Text.line(f.type)).append(f.count == 1 ? "" : "s").append(' ').append(f.kind.meaning)
                .append(", oldest ").append(Durations.human(f.oldestAgeMillis))
                .append("transaction".equals(f.type) ? ", started at " : ", acquired at ").append(Text.line(f.site))
                .append(" (thread ").append(Text.line(f.thread)).append(")\n");
        for (String r : f.resources) {
            sb.append("    resource: ").append(Text.line(r)).append('\n');
        }
        for (String line : f.stack) {
            sb.append(line.startsWith("(") ? "        " : "        at ").append(Text.line(line)).append('\n');
        }
    }

    /** io.slow: the blocked calls at one line, each thread with its stack as it is now; the resource and its opening line. */
    private static void renderSlowIo(StringBuilder sb, Finding f) {
        sb.append("leakguard: [slow-io] ").append(f.count).append(' ').append(Text.line(f.type)).append(f.count == 1 ? " " : "s ")
                .append(f.kind.meaning).append(" (").append(Durations.human(f.oldestAgeMillis)).append(", ")
                .append(Text.line(f.action)).append("), opened at ").append(Text.line(f.site)).append('\n');
        for (String r : f.resources) {
            sb.append("    resource: ").append(Text.line(r)).append('\n');
        }
        for (Finding.ThreadPart p : f.threads) {
            sb.append("    blocked thread \"").append(Text.line(p.name)).append("\" (").append(p.state).append(") ")
                    .append(Text.line(p.lock)).append('\n');
            for (String line : p.stack) {
                sb.append("        at ").append(Text.line(line)).append('\n');
            }
        }
        if (!f.stack.isEmpty()) {
            sb.append("    opened:\n");
            for (String line : f.stack) {
                sb.append(line.startsWith("(") ? "        " : "        at ").append(Text.line(line)).append('\n');
            }
        }
    }

    /**
     * A lock finding: what happened to which lock, then each thread involved with its stack and
     * where it took the lock it holds.
     */
    private static void renderLock(StringBuilder sb, Finding f) {
        sb.append("leakguard: [").append(f.kind.id).append("] ").append(Text.line(f.type)).append(' ').append(f.kind.meaning);
        if (f.kind == Finding.Kind.LOCK_WAIT || f.kind == Finding.Kind.LONG_HOLD) {
            sb.append(" (").append(Durations.human(f.oldestAgeMillis)).append(')');
        }
        sb.append(", site ").append(Text.line(f.site));
        if (f.count > 1) {
            sb.append(" (").append(f.count).append(" times)");
        }
        sb.append('\n');
        for (String r : f.resources) {
            sb.append("    lock: ").append(Text.line(r)).append('\n');
        }
        for (Finding.ThreadPart p : f.threads) {
            sb.append("    ").append(p.role).append(" thread \"").append(Text.line(p.name)).append("\" (").append(p.state).append(')');
            if (p.lock != null && !"owner".equals(p.role)) {
                sb.append(' ').append(Text.line("waiter".equals(p.role) ? "waiting for " + p.lock : p.lock));
            }
            if (p.acquiredAt != null) {
                sb.append(", took it at ").append(Text.line(p.acquiredAt));
            }
            sb.append('\n');
            for (String line : p.stack) {
                sb.append("        at ").append(Text.line(line)).append('\n');
            }
        }
    }
}

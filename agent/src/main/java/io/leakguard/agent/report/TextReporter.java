package io.leakguard.agent.report;

import io.leakguard.agent.config.Durations;
import io.leakguard.agent.scan.Finding;
import java.io.PrintStream;
import java.util.List;

/**
 * The human report on stderr: one block per site, most resources first, with the stack that
 * acquired them. Every line starts with "leakguard:" or is indented under one that does, so it
 * can be grepped out of a mixed log.
 */
public final class TextReporter implements Reporter {
    private final PrintStream out;

    public TextReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void report(List<Finding> findings, boolean atExit) {
        StringBuilder sb = new StringBuilder(1024);
        int leaks = 0;
        for (Finding f : findings) {
            if (f.kind == Finding.Kind.WARN || f.kind == Finding.Kind.CRITICAL || f.kind == Finding.Kind.DEFINITE
                    || f.kind == Finding.Kind.RECLAIMED) {
                leaks += f.count;
            }
        }
        sb.append("leakguard: ").append(atExit ? "exit report: " : "scan: ")
                .append(leaks).append(leaks == 1 ? " leaked resource" : " leaked resources")
                .append(" in ").append(findings.size()).append(findings.size() == 1 ? " finding" : " findings")
                .append('\n');
        for (Finding f : findings) {
            render(sb, f);
        }
        out.print(sb);
        out.flush();
    }

    static void render(StringBuilder sb, Finding f) {
        if (f.kind == Finding.Kind.CIRCUIT_OPEN || f.kind == Finding.Kind.CIRCUIT_CLOSED) {
            sb.append("leakguard: [").append(f.kind.id).append("] ").append(f.resources.get(0))
                    .append(" (").append(f.count).append(f.count == 1 ? " time" : " times").append(", last seen at ")
                    .append(f.site).append(", thread ").append(f.thread).append(")\n");
            return;
        }
        if (f.kind == Finding.Kind.QUOTA_REFUSED) {
            sb.append("leakguard: [").append(f.kind.id).append("] ").append(f.count).append(' ').append(f.type)
                    .append(f.count == 1 ? "" : "s").append(' ').append(f.kind.meaning)
                    .append(", refused at ").append(f.site).append(" (thread ").append(f.thread).append(")\n");
            for (String r : f.resources) {
                sb.append("    ").append(r).append('\n');
            }
            return;
        }
        sb.append("leakguard: [").append(f.kind.id).append("] ").append(f.count).append(' ')
                .append(f.type).append(f.count == 1 ? "" : "s").append(' ').append(f.kind.meaning)
                .append(", oldest ").append(Durations.human(f.oldestAgeMillis))
                .append(", acquired at ").append(f.site)
                .append(" (thread ").append(f.thread).append(")\n");
        for (String r : f.resources) {
            sb.append("    resource: ").append(r).append('\n');
        }
        for (String line : f.stack) {
            sb.append("        at ").append(line).append('\n');
        }
    }
}

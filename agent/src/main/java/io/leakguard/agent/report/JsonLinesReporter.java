package io.leakguard.agent.report;

import io.leakguard.agent.scan.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

/**
 * Findings as JSON lines (schema in docs/report-json.md), appended to {@code report.json}. The
 * file is created readable by its owner only, and written by the agent's own threads, so it is
 * never itself tracked.
 */
public final class JsonLinesReporter implements Reporter {
    public static final String SCHEMA = "leakguard.finding/1";

    private final Path path;
    private OutputStream out;

    public JsonLinesReporter(Path path) {
        this.path = path;
    }

    @Override
    public synchronized void report(List<Finding> findings, boolean atExit) {
        StringBuilder sb = new StringBuilder(512 * findings.size());
        for (Finding f : findings) {
            line(sb, f);
        }
        try {
            if (out == null) {
                out = open();
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write report.json " + path + ": " + e.getMessage(), e);
        }
    }

    private OutputStream open() throws IOException {
        if (!Files.exists(path)) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(path);
            }
        }
        return Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    static void line(StringBuilder sb, Finding f) {
        sb.append('{');
        Json.field(sb, "schema", SCHEMA);
        sb.append(',');
        Json.field(sb, "time", Instant.ofEpochMilli(f.timeMillis).toString());
        sb.append(',');
        Json.field(sb, "kind", f.kind.id);
        sb.append(',');
        Json.field(sb, "family", f.family);
        sb.append(',');
        Json.field(sb, "type", f.type);
        sb.append(',');
        Json.field(sb, "site", f.site);
        sb.append(',');
        Json.field(sb, "count", f.count);
        sb.append(',');
        Json.field(sb, "oldestAgeMillis", f.oldestAgeMillis);
        sb.append(',');
        Json.field(sb, "thread", f.thread);
        sb.append(',');
        Json.array(sb, "resources", f.resources);
        sb.append(',');
        Json.array(sb, "stack", f.stack);
        sb.append(',');
        Json.field(sb, "action", f.action);
        if (!f.threads.isEmpty()) {
            sb.append(",\"threads\":[");
            boolean first = true;
            for (Finding.ThreadPart p : f.threads) {
                sb.append(first ? "{" : ",{");
                first = false;
                Json.field(sb, "role", p.role);
                sb.append(',');
                Json.field(sb, "name", p.name);
                sb.append(',');
                Json.field(sb, "state", p.state);
                sb.append(',');
                Json.field(sb, "lock", p.lock);
                sb.append(',');
                Json.field(sb, "acquiredAt", p.acquiredAt);
                sb.append(',');
                Json.array(sb, "stack", p.stack);
                sb.append('}');
            }
            sb.append(']');
        }
        sb.append("}\n");
    }
}

package io.leakguard.agent.report;

import io.leakguard.agent.finding.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

/**
 * Findings as JSON lines (schema in docs/report-json.md), appended to {@code report.json}. The
 * file is created readable by its owner only, never through a symbolic link, and written by the
 * agent's own threads, so it is never itself tracked.
 */
public final class JsonLinesReporter implements Reporter {
    public static final String SCHEMA = "leakguard.finding/1";

    private final Path path;
    private java.nio.channels.SeekableByteChannel out;
    /** The file was refused (a link, not a regular file, someone else's): said once, never retried. */
    private boolean refused;

    public JsonLinesReporter(Path path) {
        this.path = path;
    }

    @Override
    public synchronized void report(List<Finding> findings, boolean atExit) {
        if (refused) {
            return;
        }
        StringBuilder sb = new StringBuilder(512 * findings.size());
        for (Finding f : findings) {
            line(sb, f);
        }
        try {
            if (out == null) {
                String why = open();
                if (why != null) {
                    refused = true;
                    System.err.println("leakguard: report.json not written: " + Text.line(path.toString()) + " " + why
                            + "; the other reports (stderr, JFR) go on");
                    return;
                }
            }
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write report.json " + Text.line(path.toString()) + ": "
                    + Text.line(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * Opens the report for appending without following a symbolic link: a link planted where the
     * report goes must not make the agent write (or create, or widen the permissions of) another
     * file. A new file is created rw------- in one step; an existing one must be a regular file of
     * ours with no other name (hard link). Returns why the file was refused, or null once open.
     */
    private String open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            out = Files.newByteChannel(path, java.util.Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), ownerOnly());
            return null;
        } catch (FileAlreadyExistsException exists) {
            // Checked below; CREATE_NEW fails on a dangling link too, which is what we want.
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return "is a symbolic link";
        }
        if (!a.isRegularFile()) {
            return "is not a regular file";
        }
        String why = notOurs(path);
        if (why != null) {
            return why;
        }
        java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(path, java.util.Set.<java.nio.file.OpenOption>of(
                StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS));
        // Checked again once open: the name may have been swapped between the checks and the open.
        BasicFileAttributes again = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!again.isRegularFile() || !java.util.Objects.equals(again.fileKey(), a.fileKey())) {
            ch.close();
            return "changed while it was opened";
        }
        out = ch;
        return null;
    }

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    /** Why an existing file is not ours to append to (another owner, a second name), or null. */
    private static String notOurs(Path p) throws IOException {
        try {
            String owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
            String me = currentUser();
            if (me != null && !owner.equals(me)) {
                return "belongs to " + Text.line(owner) + ", not to " + Text.line(me);
            }
        } catch (UnsupportedOperationException noOwners) {
            return null;
        }
        try {
            Object links = Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer && (Integer) links > 1) {
                return "has other names (hard links)";
            }
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // Not a Unix file system: nothing more to check.
        }
        return null;
    }

    /**
     * The process's user as the file system names it: the owner of /proc/self (the effective
     * uid, right even in a container whose uid has no name), else user.name.
     */
    private static String currentUser() {
        try {
            Path self = java.nio.file.Paths.get("/proc/self");
            if (Files.exists(self)) {
                return Files.getOwner(self).getName();
            }
        } catch (IOException | RuntimeException ignored) {
            // Fall back below.
        }
        return System.getProperty("user.name");
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

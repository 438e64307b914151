package io.leakguard.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * The fallback of {@link BootClasses}: the agent jar carries the bootstrap classes as a nested
 * jar (not as classes, so the system class loader can never define a second copy). Where they
 * cannot be defined in the boot loader directly, it is written to a file and appended to the
 * boot class path, where advice inlined into java.* classes can see it.
 *
 * <p>The file is named for its content and kept in a directory of the user's own under the
 * temporary directory ({@code leakguard-USER/leakguard-bootstrap-LENGTH-CRC.jar}), and every JVM
 * with the same agent build uses the same file. A JVM that is killed (SIGKILL, an OOM killer) cannot
 * run its delete-on-exit, and with one file per start a crash-looping service would fill the
 * temporary directory; with one file per build it cannot. If that directory is not safely ours
 * (another owner, a symbolic link, open to others), a private temporary file is used instead.
 */
final class BootstrapJar {
    static final String RESOURCE = "META-INF/leakguard/leakguard-bootstrap.jar";
    /** The file on the boot class path (null if the classes were on it already). */
    static volatile Path written;

    private BootstrapJar() {
    }

    /** Writes the nested jar's bytes ({@code content}) to a file and appends it to the boot class path. */
    static void append(Instrumentation inst, byte[] content) throws IOException {
        Path jar = shared(content);
        if (jar == null) {
            jar = privateCopy(content);
        }
        written = jar;
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    /** The per-user, per-build file, written once; null when the directory cannot be trusted. */
    private static Path shared(byte[] content) {
        try {
            String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "leakguard-" + user);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException exists) {
                // checked below
            }
            if (!ours(dir)) {
                return null;
            }
            Path jar = dir.resolve("leakguard-bootstrap-" + id(content) + ".jar");
            if (Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS) && Files.size(jar) == content.length
                    && Arrays.equals(Files.readAllBytes(jar), content)) {
                return jar;
            }
            // Written beside it and moved into place: a JVM starting at the same moment sees
            // either no file or the whole file, never half of one.
            Path tmp = Files.createTempFile(dir, "partial-", ".jar");
            try {
                Files.write(tmp, content);
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return jar;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * A real directory (not a link), owned by this user, that nobody else can write to or read.
     * Where the owner's name does not resolve to user.name (a container's uid without a passwd
     * entry), the answer is no and the private copy is used: safe, only not shared.
     */
    private static boolean ours(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        return perms.equals(PosixFilePermissions.fromString("rwx------"));
    }

    /** The fallback: a private file for this JVM, deleted when it exits normally. */
    private static Path privateCopy(byte[] content) throws IOException {
        Path tmp;
        try {
            tmp = Files.createTempFile("leakguard-bootstrap-", ".jar",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile("leakguard-bootstrap-", ".jar");
        }
        Files.write(tmp, content);
        tmp.toFile().deleteOnExit();
        return tmp;
    }

    /**
     * Names the build: length and CRC-32 (java.util.zip is loaded already; a message digest would
     * load the security providers at start-up). Reuse compares the bytes, so a collision could
     * only cost a rewrite, never a wrong jar.
     */
    private static String id(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return data.length + "-" + Long.toHexString(crc.getValue());
    }

    static boolean alreadyOnBootPath() {
        try {
            Class.forName("io.leakguard.bootstrap.Tracker", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

package io.leakguard.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * Decides, before anything is sent, whether a PID is a JVM that can take an attach. On Linux
 * and macOS the JDK starts a JVM's attach listener by sending it SIGQUIT, whose default action
 * ends a process: JDK 17 sends it to any PID it is given, so a mistyped PID would kill a
 * database or a shell. Only two kinds of process are let through: a JVM in
 * {@link VirtualMachine#list()} (it publishes itself in hsperfdata), and, on Linux, one that
 * catches SIGQUIT and has libjvm.so mapped (a JVM started with -XX:-UsePerfData).
 */
final class AttachableJvm {
    /** SIGQUIT is signal 3: bit 2 of the /proc status masks. */
    private static final long SIGQUIT_BIT = 1L << 2;

    private AttachableJvm() {
    }

    /** Returns normally if attaching to {@code pid} cannot harm it; otherwise one line why not. */
    static void check(String pid) throws CliException {
        boolean listed = false;
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            listed |= d.id().equals(pid);
        }
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return; // attach on Windows injects a thread; no signal that could end the process
        }
        Path proc = Paths.get("/proc", pid);
        if (!Files.isReadable(proc.resolve("status"))) {
            if (listed) {
                return; // no /proc (macOS): the hsperfdata listing is all there is, and it says JVM
            }
            throw new CliException("PID " + pid + " is not listed as a JVM on this machine (see: java -jar "
                    + "leakguard-agent.jar list); nothing was sent to it");
        }
        boolean catchesQuit = catchesSigquit(proc);
        if (!listed && !mapsLibjvm(proc)) {
            throw new CliException("PID " + pid + " (" + command(proc) + ") is not a JVM this user can attach to"
                    + " (see: java -jar leakguard-agent.jar list); nothing was sent to it");
        }
        if (!catchesQuit && !listenerUp(proc, pid)) {
            throw new CliException("the JVM " + pid + " does not handle SIGQUIT (started with -Xrs?) and its attach "
                    + "listener is not running, so attaching could end it; nothing was sent to it");
        }
    }

    private static boolean catchesSigquit(Path proc) throws CliException {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("SigCgt:")) {
                    return (Long.parseUnsignedLong(line.substring("SigCgt:".length()).trim(), 16) & SIGQUIT_BIT) != 0;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read the state of PID " + proc.getFileName() + " (" + e.getMessage()
                    + "); nothing was sent to it");
        }
    }

    /** Whether the process has the HotSpot (or OpenJ9) VM library mapped: unreadable for another user's process. */
    private static boolean mapsLibjvm(Path proc) {
        try (Stream<String> lines = Files.lines(proc.resolve("maps"))) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so") || l.endsWith("/libj9vm29.so"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the JVM's attach socket exists already (a JVM started with -Xrs opens it at start
     * and then needs no signal). The JDK looks for it in the target's /tmp, named by the PID
     * the target sees in its own namespace.
     */
    private static boolean listenerUp(Path proc, String pid) {
        String nsPid = pid;
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
                    nsPid = ids[ids.length - 1];
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        String name = ".java_pid" + nsPid;
        return Files.exists(proc.resolve("root/tmp").resolve(name)) || Files.exists(Paths.get("/tmp", name));
    }

    /** The program's name only: its command line may hold a password. */
    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}

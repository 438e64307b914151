package io.leakguard.agent.report;

import java.io.File;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's open descriptors from /proc/self/fd (Linux). At a dynamic attach the agent
 * takes a snapshot: descriptors opened before it arrived cannot be tracked, but they are not
 * invisible either; the live report lists those still open as "open before leakguard attached".
 */
public final class ProcFds {
    private ProcFds() {
    }

    /** fd number -> what it points at (a path, socket:[inode], pipe:[inode], ...); empty off Linux. */
    public static Map<Integer, String> read() {
        Map<Integer, String> out = new LinkedHashMap<>();
        File dir = new File("/proc/self/fd");
        String[] names = dir.list();
        if (names == null) {
            return out;
        }
        for (String n : names) {
            try {
                out.put(Integer.parseInt(n), Files.readSymbolicLink(new File(dir, n).toPath()).toString());
            } catch (Exception gone) {
                // Closed between the listing and the read, or the listing's own descriptor.
            }
        }
        return out;
    }
}

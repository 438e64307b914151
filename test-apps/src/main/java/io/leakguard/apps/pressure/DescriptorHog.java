package io.leakguard.apps.pressure;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the same file again and again, keeping every stream, a few milliseconds apart, until an
 * open fails; prints how it failed; holds them for the third argument's milliseconds (default 0);
 * closes them all; waits; opens one more. Run under a low descriptor limit ({@code ulimit -n 256})
 * to see pressure come and go.
 */
public final class DescriptorHog {
    private DescriptorHog() {
    }

    public static void main(String[] args) throws Exception {
        long pause = args.length > 0 ? Long.parseLong(args[0]) : 4;
        long settle = args.length > 1 ? Long.parseLong(args[1]) : 1500;
        long hold = args.length > 2 ? Long.parseLong(args[2]) : 0;
        File f = File.createTempFile("leakguard-hog", ".txt");
        f.deleteOnExit();
        Files.writeString(f.toPath(), "x");
        List<FileInputStream> held = new ArrayList<>();
        try {
            while (held.size() < 100_000) {
                held.add(new FileInputStream(f)); // LEAK: hog
                Thread.sleep(pause);
            }
        } catch (IOException e) {
            System.out.println("open failed after " + held.size() + ": " + e.getMessage());
        }
        if (hold > 0 && !held.isEmpty()) {
            // One descriptor free again (the JVM may need one), the rest held a while: a
            // pressure monitor that runs late still sees them.
            held.remove(held.size() - 1).close();
            Thread.sleep(hold);
        }
        for (FileInputStream in : held) {
            in.close();
        }
        System.out.println("closed " + held.size());
        Thread.sleep(settle);
        try (FileInputStream again = new FileInputStream(f)) {
            System.out.println("open after closing: ok, read " + (char) again.read());
        } catch (IOException e) {
            System.out.println("open after closing failed: " + e.getMessage());
        }
    }
}

package io.leakguard.apps.observe;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A service that keeps 20 files open for its whole life and opens and closes another every 100 ms,
 * until a stop file appears (argument). Prints "ready" once it holds them; at the end, how many
 * opens failed and how many of its held files were closed under it (by anyone: the OS limit, the
 * agent's enforce mode reclaiming them).
 */
public final class HeldFiles {
    private HeldFiles() {
    }

    public static void main(String[] args) throws Exception {
        File stop = new File(args[0]);
        File f = File.createTempFile("leakguard-held", ".txt");
        f.deleteOnExit();
        Files.writeString(f.toPath(), "held");
        List<FileInputStream> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(new FileInputStream(f));
        }
        System.out.println("ready");
        int failed = 0;
        String firstFailure = "";
        long deadline = System.currentTimeMillis() + 120_000;
        while (!stop.exists() && System.currentTimeMillis() < deadline) {
            try (FileInputStream in = new FileInputStream(f)) {
                in.read();
            } catch (IOException e) {
                if (failed++ == 0) {
                    firstFailure = " (" + e.getMessage() + ")";
                }
            }
            Thread.sleep(100);
        }
        int closed = 0;
        for (FileInputStream in : held) {
            try {
                in.getChannel().position(0);
                in.read();
            } catch (IOException e) {
                closed++;
            }
        }
        System.out.println("opens failed: " + failed + firstFailure);
        System.out.println("held files closed: " + closed);
    }
}

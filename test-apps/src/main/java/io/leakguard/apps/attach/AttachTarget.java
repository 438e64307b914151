package io.leakguard.apps.attach;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A long-running program started without leakguard, for the attach tests: it holds one file
 * from the start, then every 200 ms leaks one more and opens and closes another, until the stop
 * file (argument 1) appears or 90 s pass. It prints its PID first.
 */
public final class AttachTarget {
    private static final List<Object> HELD = new ArrayList<>();

    private AttachTarget() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("leakguard-attach");
        Path data = dir.resolve("data.txt");
        Files.write(data, "x".getBytes(StandardCharsets.UTF_8));
        Path stop = Paths.get(args[0]);
        HELD.add(new FileInputStream(dir.resolve("data.txt").toFile()));    // held since before any attach
        System.out.println("AttachTarget pid " + ProcessHandle.current().pid() + " holding " + data);
        long end = System.currentTimeMillis() + 90_000;
        int ticks = 0;
        while (!Files.exists(stop) && System.currentTimeMillis() < end) {
            leakOne(data);
            try (FileInputStream in = new FileInputStream(data.toFile())) {
                in.read();
            }
            ticks++;
            Thread.sleep(200);
        }
        System.out.println("AttachTarget done after " + ticks + " ticks, holding " + HELD.size());
    }

    private static void leakOne(Path data) throws IOException {
        HELD.add(new FileInputStream(data.toFile()));                       // LEAK: tick
    }
}

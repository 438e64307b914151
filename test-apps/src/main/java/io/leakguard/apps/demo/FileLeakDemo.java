package io.leakguard.apps.demo;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's demo: a little "request handler" with two classic file leaks, one that holds
 * streams in a cache forever and one that forgets to close on an error path. Run it under the
 * agent with short thresholds and the findings appear within seconds.
 */
public final class FileLeakDemo {
    private static final List<BufferedReader> CACHE = new ArrayList<>();

    private FileLeakDemo() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Path dir = Files.createTempDirectory("leakguard-demo");
        Path config = dir.resolve("settings.properties");
        Files.write(config, "greeting=hello\n".getBytes(StandardCharsets.UTF_8));
        long end = System.currentTimeMillis() + seconds * 1000L;
        int request = 0;
        while (System.currentTimeMillis() < end) {
            request++;
            handle(config, request);
            if (request % 10 == 0) {
                System.gc();
            }
            Thread.sleep(100);
        }
        System.out.println("demo: handled " + request + " requests; " + CACHE.size() + " readers cached");
    }

    private static void handle(Path config, int request) throws IOException {
        if (request % 20 == 1) {
            // Leak 1: a reader kept "for later" and never closed.
            CACHE.add(new BufferedReader(new InputStreamReader(
                    new FileInputStream(config.toFile()), StandardCharsets.UTF_8)));
        }
        FileInputStream in = new FileInputStream(config.toFile());
        if (request % 3 == 0) {
            // Leak 2: the error path returns without close(); the stream is lost to the GC.
            return;
        }
        in.close();
    }
}

package io.leakguard.apps.startup;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the application can reach once the agent is on: the JDK's internal Unsafe must stay closed
 * to it (the agent defines its boot classes through a module of its own), and the agent's
 * classes are where they belong: the tracker in the boot loader, tracking a leaked file.
 */
public final class InternalsProbe {
    private InternalsProbe() {
    }

    @SuppressWarnings("resource")
    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.getProperty("leakguard.agent.version") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String unsafe;
        try {
            Class<?> c = Class.forName("jdk.internal.misc.Unsafe");
            c.getMethod("getUnsafe").invoke(null);
            unsafe = "open";
        } catch (IllegalAccessException expected) {
            unsafe = "closed";
        }
        System.out.println("jdk.internal.misc.Unsafe: " + unsafe);
        Class<?> tracker = Class.forName("io.leakguard.bootstrap.Tracker", false, null);
        System.out.println("tracker loader: " + (tracker.getClassLoader() == null ? "boot" : tracker.getClassLoader()));
        Path file = Files.createTempFile("probe", ".txt");
        file.toFile().deleteOnExit();
        new FileInputStream(file.toFile()); // LEAK: file
    }
}

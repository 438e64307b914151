package io.leakguard.agent.instrument;

import io.leakguard.agent.instrument.file.FileInputStreamTarget;
import io.leakguard.agent.instrument.weave.HookWeaver;
import io.leakguard.agent.instrument.weave.JdkTarget;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;

/**
 * Weaves one JDK class file once, on a thread of its own, while premain defines the bootstrap
 * classes and sets up the runtime, and throws the result away. The first weave of a JVM is the
 * expensive one (ASM's and the weaver's classes loaded and run interpreted for the first time:
 * the retransformation before main() took 31-44 ms, 17-27 ms of it weaving); warmed on the second
 * core meanwhile, it takes 16-27 ms. Measured by {@code -Dio.leakguard.debug.startup=true}.
 *
 * <p>Touches no bootstrap class (they may not be defined yet): only ASM, the weaver and a file
 * target, none of which names one. Nothing it does is needed: a failure is ignored. The
 * {@link Instrumenter} waits for it (at most {@value #JOIN_MILLIS} ms) before registering the
 * transformer, so the class file it reads is read before anything is tracked; one that is still
 * running then reads nothing more. (On a 64-bit JDK the jrt read goes through the JVM's own map
 * of the runtime image and opens no file either way.)
 */
public final class WeaverWarmUp implements Runnable {
    /** Longer than the warm-up ever took; a stuck one is not waited for beyond it. */
    private static final long JOIN_MILLIS = 2_000;

    private static volatile Thread running;

    /**
     * Once the wait for it has ended: a warm-up that outlived it (a starved machine) reads
     * nothing more, since what it opened after that point would be tracked as the program's.
     */
    private static volatile boolean abandoned;

    private WeaverWarmUp() {
    }

    /** Starts the warm-up (premain only); a thread that cannot be started (a pids limit) is no loss. */
    public static void start() {
        try {
            Thread t = new Thread(new WeaverWarmUp(), "leakguard-warm-up");
            t.setDaemon(true);
            running = t;
            t.start();
        } catch (Throwable noThread) {
            running = null;
        }
    }

    /** Waits for the warm-up, if one was started, to end. */
    static void awaitEnd() {
        Thread t = running;
        if (t == null) {
            return;
        }
        running = null;
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            abandoned = true;
        }
    }

    @Override
    public void run() {
        try {
            if (abandoned) {
                return;
            }
            JdkTarget target = new FileInputStreamTarget();
            // Through a jrt: URL, as Instrumenter.loadJrtReader reads one: the JDK classes behind
            // it are loaded here, off premain's thread, and that read then finds them loaded.
            String file = "jrt:/java.base/" + target.typeName().replace('.', '/') + ".class";
            byte[] classFile;
            try (InputStream in = URI.create(file).toURL().openStream()) {
                classFile = in.readAllBytes();
            }
            HookWeaver.weave(classFile, target.methods(), new ArrayList<>());
        } catch (Throwable t) {
            // Only a warm-up: the real weave reports its own failures.
        }
    }
}

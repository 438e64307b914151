package io.leakguard.agent;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.ConfigException;
import io.leakguard.agent.config.ConfigLoader;
import io.leakguard.agent.instrument.WeaverWarmUp;
import java.lang.instrument.Instrumentation;

/**
 * Entry points for -javaagent (premain) and dynamic attach (agentmain). Deliberately tiny and
 * free of references to the bootstrap classes: those must be loaded by the boot loader, so they
 * are touched only after {@link BootClasses#install} has run.
 *
 * <p>Nothing here may hurt the host: a bad option or any failure prints one line and returns;
 * the application starts as if the agent were absent.
 */
public final class LeakguardAgent {
    private LeakguardAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        // First: these classes are loaded now, and stay loaded whatever follows (a bad option, a
        // detach), so a later attach runs them whatever jar it names. The CLI reads this to refuse
        // a jar of another build instead of silently running this one.
        try {
            System.setProperty(AttachAnswer.LOADED_BUILD_PROPERTY, BuildInfo.ID);
        } catch (Throwable t) {
            // Never worth failing the start for.
        }
        Config config;
        try {
            long t0 = System.nanoTime();
            config = ConfigLoader.load(args);
            if (Boolean.getBoolean("io.leakguard.debug.startup")) {
                System.err.println("leakguard: options read in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
        } catch (ConfigException e) {
            String msg = e.getMessage();
            if (attached && System.getProperty(ConfigLoader.AGENT_VERSION_PROPERTY) != null
                    && msg.endsWith(ConfigLoader.OFF)) {
                // An attach to a JVM where leakguard runs: a bad option changes nothing there.
                msg = msg.substring(0, msg.length() - ConfigLoader.OFF.length())
                        + "; nothing was changed, leakguard runs on as before";
            }
            System.err.println(msg);
            if (attached) {
                AttachAnswer.refused(msg);
            }
            return;
        } catch (Throwable t) {
            String msg = "leakguard: could not start (" + t + "); the application runs without it";
            System.err.println(msg);
            if (attached) {
                AttachAnswer.refused(msg);
            }
            return;
        }
        if (!attached) {
            // Premain only: an attach is not on anyone's start-up path. Waited for before instrumenting.
            WeaverWarmUp.start();
        }
        if (!attached && config.asyncInstall()) {
            // Opt-in (install=async): the install's ~0.1-0.2 s would otherwise come before main().
            // A daemon thread: a program that ends first is not held up by it.
            Thread t = new Thread(() -> install(config, inst, false, args, true), "leakguard-install");
            t.setDaemon(true);
            t.start();
        } else {
            install(config, inst, attached, args, false);
        }
    }

    private static void install(Config config, Instrumentation inst, boolean attached, String args, boolean background) {
        long t0 = System.nanoTime();
        try {
            BootClasses.install(inst);
            long t1 = System.nanoTime();
            AgentRuntime.start(config, inst, attached, args, background);
            if (Boolean.getBoolean("io.leakguard.debug.startup")) {
                System.err.println("leakguard: started in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                        + (background ? " (in the background)" : "") + "; bootstrap classes " + BootClasses.how
                        + " in " + (t1 - t0) / 1_000_000 + " ms");
            }
        } catch (Throwable t) {
            if (background && jvmExiting()) {
                return; // the program ended before the agent was ready: nothing to say
            }
            String msg = "leakguard: could not start (" + t + "); the application runs without it";
            System.err.println(msg);
            if (attached) {
                AttachAnswer.refused(msg);
            }
        }
    }

    /** Whether the JVM has begun to shut down (a shutdown hook can no longer be added). */
    static boolean jvmExiting() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}

package io.leakguard.agent;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.ConfigException;
import io.leakguard.agent.config.ConfigLoader;
import java.lang.instrument.Instrumentation;

/**
 * Entry points for -javaagent (premain) and dynamic attach (agentmain). Deliberately tiny and
 * free of references to the bootstrap classes: those must be loaded by the boot loader, so they
 * are touched only after {@link BootstrapJar#append} has run.
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
        try {
            Config config;
            try {
                config = ConfigLoader.load(args);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return;
            }
            long t0 = System.nanoTime();
            BootstrapJar.append(inst);
            AgentRuntime.start(config, inst, attached, args);
            if (Boolean.getBoolean("io.leakguard.debug.startup")) {
                System.err.println("leakguard: started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
        } catch (Throwable t) {
            System.err.println("leakguard: could not start (" + t + "); the application runs without it");
        }
    }
}

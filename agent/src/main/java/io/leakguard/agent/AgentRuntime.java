package io.leakguard.agent;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.instrument.Instrumenter;
import io.leakguard.agent.instrument.Target;
import io.leakguard.agent.instrument.file.FileTargets;
import io.leakguard.agent.instrument.jdbc.JdbcTargets;
import io.leakguard.agent.report.JsonLinesReporter;
import io.leakguard.agent.report.Reporter;
import io.leakguard.agent.report.TextReporter;
import io.leakguard.agent.scan.Scanner;
import io.leakguard.bootstrap.AgentThread;
import io.leakguard.bootstrap.Clock;
import io.leakguard.bootstrap.JdbcPolicy;
import io.leakguard.bootstrap.Tracker;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Wires the running agent together once the bootstrap classes are on the boot class path. */
final class AgentRuntime {
    static final String VERSION = "0.1.0";

    private AgentRuntime() {
    }

    static void start(Config config, Instrumentation inst) {
        if (Tracker.isActive()) {
            System.err.println("leakguard: already running in this JVM; the second start is ignored");
            return;
        }
        Tracker.configure(config.mode() == Config.Mode.CI, config.integer("stack.depth"), config.libraryPrefixes(),
                config.integer("site.budget"));
        readBootClasses(inst);
        JdbcPolicy.configure(config.mode() == Config.Mode.ENFORCE,
                (int) Math.min(Integer.MAX_VALUE, (config.millis("jdbc.query-timeout") + 999) / 1000),
                config.integer("jdbc.max-connections"), config.integer("jdbc.max-connections-per-user"));

        List<Reporter> reporters = new ArrayList<>();
        if (config.on("report.stderr")) {
            reporters.add(new TextReporter(System.err));
        }
        String json = config.path("report.json");
        if (json != null) {
            reporters.add(new JsonLinesReporter(Paths.get(json)));
        }
        new AgentThread(Clock::run, "leakguard-clock").start();
        Scanner scanner = new Scanner(config, reporters);
        new AgentThread(scanner, "leakguard-scanner").start();
        Runtime.getRuntime().addShutdownHook(new AgentThread(scanner::finish, "leakguard-exit-report"));

        List<Target> targets = new ArrayList<>();
        List<String> families = new ArrayList<>();
        if (config.on("file")) {
            targets.addAll(FileTargets.all());
            families.add("files");
        }
        if (config.on("jdbc")) {
            targets.addAll(JdbcTargets.all());
            families.add("JDBC");
        }
        Instrumenter.install(inst, targets);
        // Only now: the installation itself (reading class files) is not the application's doing.
        Tracker.setActive(true);
        if (config.on("report.stderr")) {
            System.err.println("leakguard " + VERSION + ": on (mode " + config.raw("mode") + "; tracking "
                    + (families.isEmpty() ? "nothing" : String.join(", ", families)) + ")");
        }
    }

    /**
     * Advice inlined into java.base calls the bootstrap classes, which live in the boot loader's
     * unnamed module: make sure java.base reads it.
     */
    private static void readBootClasses(Instrumentation inst) {
        Module boot = Tracker.class.getModule();
        Module javaBase = Object.class.getModule();
        if (!javaBase.canRead(boot)) {
            inst.redefineModule(javaBase, Set.of(boot), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}

package io.leakguard.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.leakguard.agent.AttachAnswer;
import io.leakguard.agent.BuildInfo;
import io.leakguard.agent.config.ConfigLoader;
import io.leakguard.agent.config.Option;
import io.leakguard.agent.config.Options;
import io.leakguard.agent.report.Text;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * The agent jar's command line: {@code java -jar leakguard-agent.jar <command>}. For the on-call
 * engineer with a PID: list the JVMs, attach, look at what is held, change settings, detach.
 * Every failure is one plain line on stderr and a non-zero exit.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (CliException e) {
            String m = e.getMessage();
            m = Text.line(m);
            System.err.println(m.startsWith("leakguard: ") ? m : "leakguard: " + m);
            status = 1;
        }
        System.exit(status);
    }

    static int run(String[] args) throws CliException {
        String cmd = args.length == 0 ? "--help" : args[0];
        switch (cmd) {
            case "--help":
            case "-h":
            case "help":
                System.out.print(usage());
                return 0;
            case "--version":
                System.out.println("leakguard " + BuildInfo.ID);
                return 0;
            case "options":
                System.out.print(optionsTable());
                return 0;
            case "list":
                return list();
            case "attach":
                return attach(arg(args, 1, "attach <pid> [key=value,...]"), args.length > 2 ? args[2] : "");
            case "report":
                return report(args);
            case "set":
                return set(arg(args, 1, "set <pid> key=value,..."), arg(args, 2, "set <pid> key=value,..."));
            case "detach":
                return detach(arg(args, 1, "detach <pid>"));
            case "baseline":
                return baseline(arg(args, 1, "baseline <report.json>"));
            default:
                throw new CliException("unknown command '" + cmd + "'; try: java -jar leakguard-agent.jar --help");
        }
    }

    private static String arg(String[] args, int i, String usage) throws CliException {
        if (args.length <= i) {
            throw new CliException("usage: java -jar leakguard-agent.jar " + usage);
        }
        return args[i];
    }

    private static int list() {
        System.out.printf("%-8s %-10s %s%n", "PID", "leakguard", "main class");
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(String.valueOf(ProcessHandle.current().pid()))) {
                continue;
            }
            String loaded = "?";
            try (TargetJvm t = TargetJvm.attach(d.id())) {
                String v = t.leakguardVersion();
                loaded = v == null ? "no" : v;
            } catch (CliException | RuntimeException e) {
                loaded = "(no attach)";
            }
            // The main class or jar only: the rest of a display name is the program's arguments,
            // which may hold passwords; escaped, as another process chose it.
            String name = d.displayName().trim().split(" ", 2)[0];
            System.out.printf("%-8s %-10s %s%n", Text.line(d.id()), Text.line(loaded), name.isEmpty() ? "(unknown)" : Text.line(name));
        }
        return 0;
    }

    private static Path ownJar() throws CliException {
        try {
            return Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new CliException("cannot find the agent jar this command runs from: " + e.getMessage());
        }
    }

    private static int attach(String pid, String agentArgs) throws CliException {
        try (TargetJvm t = TargetJvm.attach(pid)) {
            Properties p = t.systemProperties();
            int feature = featureVersion(p.getProperty("java.specification.version", "0"));
            if (feature < 17) {
                throw new CliException("the JVM " + pid + " runs Java " + p.getProperty("java.specification.version")
                        + "; leakguard needs 17 or newer");
            }
            String before = p.getProperty(ConfigLoader.AGENT_VERSION_PROPERTY);
            refuseOtherBuild(pid, p, before);
            String asked = p.getProperty(AttachAnswer.PROPERTY);
            t.loadAgent(ownJar(), agentArgs);
            String answer = t.systemProperties().getProperty(AttachAnswer.PROPERTY);
            if (answer == null || answer.equals(asked)) {
                throw new CliException("the agent in " + pid + " gave no answer" + (t.leakguardVersion() == null
                        ? " and is not running" : "") + "; its stderr says what happened");
            }
            String[] parts = answer.split(" ", 3);
            String message = parts.length < 3 ? "" : parts[2].startsWith("leakguard: ") ? parts[2].substring(11) : parts[2];
            if (!"ok".equals(parts.length < 2 ? "" : parts[1])) {
                throw new CliException("the JVM " + pid + " refused: " + message);
            }
            if (before != null) {
                System.out.println("leakguard " + before + " was already running in " + pid
                        + " (not instrumented twice): " + message);
                return 0;
            }
            if (t.leakguardVersion() == null) {
                throw new CliException("the agent did not start in " + pid + "; its stderr says why");
            }
            System.out.println("leakguard attached to " + pid + " (" + p.getProperty("java.vm.name", "JVM") + " "
                    + p.getProperty("java.version", "") + ")");
            String jvmArgs = t.agentProperty("sun.jvm.args");
            if (feature >= 21 && (jvmArgs == null || !jvmArgs.contains("EnableDynamicAgentLoading"))) {
                System.out.println("note: Java " + feature + " printed a warning about a dynamically loaded agent on the "
                        + "target's stderr. That is expected; to silence it, start the JVM with "
                        + "-XX:+EnableDynamicAgentLoading (or with -javaagent:leakguard-agent.jar from the start).");
            }
            return 0;
        }
    }

    /**
     * A JVM keeps the first leakguard classes it loads (after a detach too): loading a jar of
     * another build there would run the old code under the new jar's name. Refused instead.
     */
    private static void refuseOtherBuild(String pid, Properties target, String runningVersion) throws CliException {
        String loaded = target.getProperty(AttachAnswer.LOADED_BUILD_PROPERTY);
        // Builds before the build property published only their version, and only while running.
        boolean other = loaded != null ? !loaded.equals(BuildInfo.ID)
                : runningVersion != null && !runningVersion.equals(BuildInfo.VERSION);
        if (other) {
            throw new CliException("the JVM " + pid + " has leakguard " + (loaded != null ? loaded : runningVersion)
                    + (runningVersion == null ? " loaded (not running now)" : " running") + " and this jar is leakguard "
                    + BuildInfo.ID + "; a JVM keeps the first leakguard it loads, so this jar would run that one's code:"
                    + " use that build's jar, or restart the JVM to change builds; nothing was loaded");
        }
    }

    private static int featureVersion(String spec) {
        try {
            return Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int report(String[] args) throws CliException {
        String pid = arg(args, 1, "report <pid> [--json|--html] [--family=jdbc|file|socket|lock]");
        boolean json = false;
        boolean html = false;
        String family = "";
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].equals("--html")) {
                html = true;
            } else if (args[i].startsWith("--family=")) {
                family = args[i].substring("--family=".length());
            } else {
                throw new CliException("unknown report option '" + args[i]
                        + "' (expected --json, --html, --family=jdbc|file|socket|lock)");
            }
        }
        if (json && html) {
            throw new CliException("report: --json or --html, not both");
        }
        try (TargetJvm t = TargetJvm.attach(pid)) {
            // HTML: one self-contained page, rendered in the target by the ci report's renderer.
            Object out = html ? t.invoke("reportHtml", new Object[] {family}, new String[] {"java.lang.String"})
                    : t.invoke("report", new Object[] {family, json}, new String[] {"java.lang.String", "boolean"});
            // Rendered by the target JVM (perhaps an older agent): its control characters escaped here too.
            System.out.print(Text.lines(String.valueOf(out)));
            return 0;
        }
    }

    private static int set(String pid, String changes) throws CliException {
        try (TargetJvm t = TargetJvm.attach(pid)) {
            Object out = t.invoke("set", new Object[] {changes}, new String[] {"java.lang.String"});
            System.out.println("leakguard in " + pid + ": " + Text.line(String.valueOf(out)));
            return 0;
        }
    }

    private static int detach(String pid) throws CliException {
        try (TargetJvm t = TargetJvm.attach(pid)) {
            Object out = t.invoke("detach", new Object[0], new String[0]);
            System.out.println(Text.line(String.valueOf(out)));
            return 0;
        }
    }

    /** ci mode's report.json -> a baseline on stdout: its leak sites, sorted, with their counts. */
    private static int baseline(String report) throws CliException {
        try {
            System.out.print(io.leakguard.agent.baseline.BaselineFile.fromReport(
                    java.nio.file.Files.readAllLines(Paths.get(report), java.nio.charset.StandardCharsets.UTF_8)));
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            throw new CliException("cannot read " + report + ": " + e.getMessage());
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("leakguard: finds and stops resource leaks in a running JVM\n\n")
          .append("Usage:\n")
          .append("  java -javaagent:leakguard-agent.jar[=key=value,key=value] -jar your-app.jar\n")
          .append("  java -jar leakguard-agent.jar list                       JVMs on this machine, and which run leakguard\n")
          .append("  java -jar leakguard-agent.jar attach <pid> [key=value,...]  load leakguard into a running JVM\n")
          .append("  java -jar leakguard-agent.jar report <pid> [--json|--html] [--family=jdbc|file|socket|lock]\n")
          .append("                                                           what it holds now, by site, oldest first\n")
          .append("                                                           (--html: one self-contained page, > now.html)\n")
          .append("  java -jar leakguard-agent.jar set <pid> key=value,...    change settings live\n")
          .append("  java -jar leakguard-agent.jar detach <pid>               remove leakguard; the JVM runs on\n")
          .append("  java -jar leakguard-agent.jar baseline <report.json>    a ci run's leak sites as a ci.baseline file\n")
          .append("  java -jar leakguard-agent.jar --help | --version | options\n\n")
          .append("Options (agent arguments, then -Dleakguard.<key>, then LEAKGUARD_<KEY>, then the config= file):\n");
        for (Option o : Options.ALL.values()) {
            sb.append(String.format("  %-28s %s%n", o.key, o.help));
            sb.append(String.format("  %-28s accepts %s; default %s%n", "",
                    o.accepts, o.defaultValue.isEmpty() ? "(none)" : o.defaultValue));
        }
        return sb.toString();
    }

    /** The options as a Markdown table, for the README. */
    static String optionsTable() {
        StringBuilder sb = new StringBuilder("| key | default | accepts | what it does |\n|---|---|---|---|\n");
        for (Option o : Options.ALL.values()) {
            sb.append("| `").append(o.key).append("` | ")
              .append(o.defaultValue.isEmpty() ? "" : "`" + o.defaultValue + "`").append(" | ")
              .append(o.accepts.replace("|", "\\|")).append(" | ").append(o.help).append(" |\n");
        }
        return sb.toString();
    }
}

package io.leakguard.agent.cli;

import io.leakguard.agent.config.Option;
import io.leakguard.agent.config.Options;

/** The agent jar's command line: {@code java -jar leakguard-agent.jar --help}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(usage());
            return;
        }
        if (args[0].equals("--version")) {
            System.out.println("leakguard 0.1.0");
            return;
        }
        if (args[0].equals("options")) {
            System.out.print(optionsTable());
            return;
        }
        System.err.println("leakguard: unknown command '" + args[0] + "'; try: java -jar leakguard-agent.jar --help");
        System.exit(2);
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("leakguard: finds and stops resource leaks in a running JVM\n\n")
          .append("Usage:\n")
          .append("  java -javaagent:leakguard-agent.jar[=key=value,key=value] -jar your-app.jar\n")
          .append("  java -jar leakguard-agent.jar --help | --version | options\n\n")
          .append("Options (agent arguments, then -Dleakguard.<key>, then LEAKGUARD_<KEY>, then the config= file):\n");
        for (Option o : Options.ALL.values()) {
            sb.append(String.format("  %-16s %s%n", o.key, o.help));
            sb.append(String.format("  %-16s accepts %s; default %s%n", "",
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

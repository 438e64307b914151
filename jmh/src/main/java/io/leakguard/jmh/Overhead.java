package io.leakguard.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks without the agent and under each agent configuration, one after the other
 * in one run on the same machine, and prints the ratio table (agent / no agent).
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar [benchmark-regex] [--quick] [--jvm JAVA] [--out FILE]
 *     [--agent PATH] [--config NAME=AGENT_ARGS]... [--modes monitor,enforce,ci]
 *     [--compare NAME=OTHER_AGENT_JAR]... [--doc docs/benchmarks.md]
 * </pre>
 * With --doc the table, the command and the JVM are written into that Markdown file between the
 * markers {@code <!-- overhead:begin -->} and {@code <!-- overhead:end -->}.
 * Each --config adds a column: the agent with those arguments (for example
 * {@code --config "holds=lock.track-holds=always"}).
 */
public final class Overhead {
    private Overhead() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        String include = "io.leakguard.jmh.*";
        boolean quick = false;
        Path out = null;
        Path doc = null;
        String jvm = null;
        String agentJar = "agent/target/leakguard-agent.jar";
        Map<String, String> extra = new LinkedHashMap<>();
        Map<String, String> others = new LinkedHashMap<>();
        List<String> modes = List.of("monitor", "enforce", "ci");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--jvm")) {
                jvm = args[++i];
            } else if (args[i].equals("--agent")) {
                // Not a -D property: JMH hands the runner's JVM arguments on to its forks, and
                // -Dleakguard.* is the agent's own configuration namespace.
                agentJar = args[++i];
            } else if (args[i].equals("--config")) {
                String spec = args[++i];
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--config takes NAME=AGENT_ARGS, got " + spec);
                }
                extra.put(spec.substring(0, eq), spec.substring(eq + 1));
            } else if (args[i].equals("--modes")) {
                modes = List.of(args[++i].split(","));
            } else if (args[i].equals("--compare")) {
                // Another build of the agent (the commit before a change) measured in the same
                // run, so "within noise" is a claim about one machine state, not two.
                String spec = args[++i];
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--compare takes NAME=AGENT_JAR, got " + spec);
                }
                others.put(spec.substring(0, eq), Paths.get(spec.substring(eq + 1)).toAbsolutePath().toString());
            } else if (args[i].equals("--doc")) {
                doc = Paths.get(args[++i]);
            } else if (args[i].equals("--out")) {
                out = Paths.get(args[++i]);
            } else {
                include = args[i];
            }
        }
        Path jar = Paths.get(agentJar).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not found: " + jar + " (build it, or pass --agent PATH)");
        }
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("no agent", null);
        // install=sync: monitor mode would otherwise install in the background while the first
        // warm-up iteration already runs; every configuration measures instrumented code throughout.
        for (String mode : modes) {
            configs.put(mode, "-javaagent:" + jar + "=mode=" + mode + ("monitor".equals(mode) ? ",install=sync" : ""));
            for (Map.Entry<String, String> o : others.entrySet()) {
                configs.put(o.getKey() + " " + mode,
                        "-javaagent:" + o.getValue() + "=mode=" + mode + ("monitor".equals(mode) ? ",install=sync" : ""));
            }
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            configs.put(e.getKey(), "-javaagent:" + jar + "=install=sync," + e.getValue());
        }

        Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : configs.entrySet()) {
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include(include)
                    .forks(quick ? 1 : 2)
                    .warmupIterations(quick ? 2 : 4)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 3 : 5)
                    .measurementTime(TimeValue.seconds(1))
                    .jvmArgsAppend("-Xms512m", "-Xmx512m");
            if (c.getValue() != null) {
                o.jvmArgsAppend(c.getValue());
            }
            if (jvm != null) {
                o.jvm(jvm);
            }
            Collection<RunResult> results = new Runner(o.build()).run();
            for (RunResult r : results) {
                String bench = r.getParams().getBenchmark();
                bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
                table.computeIfAbsent(bench, k -> new LinkedHashMap<>()).put(c.getKey(), new double[] {
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
            }
        }
        String md = render(table, new ArrayList<>(configs.keySet()));
        System.out.println();
        System.out.println(md);
        if (out != null) {
            Files.writeString(out, md);
        }
        if (doc != null) {
            writeIntoDoc(doc, md, String.join(" ", args), jvm);
        }
    }

    static final String BEGIN = "<!-- overhead:begin -->";
    static final String END = "<!-- overhead:end -->";

    /** Replaces the marked section of the document with this run's table. */
    static void writeIntoDoc(Path doc, String table, String args, String jvm) throws IOException {
        String text = Files.readString(doc);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < b) {
            throw new IllegalStateException(doc + " has no " + BEGIN + " ... " + END + " section to write into");
        }
        String javaVersion = jvm == null ? System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                : jvm;
        String section = BEGIN + "\n\nRun " + java.time.LocalDate.now() + " on " + javaVersion + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs:\n\n```bash\njava -jar jmh/target/benchmarks.jar "
                + args + "\n```\n\n" + table + "\n";
        Files.writeString(doc, text.substring(0, b) + section + text.substring(e));
    }

    static String render(Map<String, Map<String, double[]>> table, List<String> configs) {
        StringBuilder sb = new StringBuilder("| benchmark |");
        for (String c : configs) {
            sb.append(' ').append(c).append(" (ns/op) |");
        }
        for (String c : configs.subList(1, configs.size())) {
            sb.append(' ').append(c).append(" / no agent |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(configs.size() * 2 - 1)).append('\n');
        for (Map.Entry<String, Map<String, double[]>> row : table.entrySet()) {
            sb.append("| ").append(row.getKey()).append(" |");
            for (String c : configs) {
                double[] v = row.getValue().get(c);
                sb.append(v == null ? " - |" : String.format(Locale.ROOT, v[0] < 100 ? " %.1f ± %.1f |" : " %.0f ± %.0f |",
                        v[0], v[1]));
            }
            double[] base = row.getValue().get(configs.get(0));
            for (String c : configs.subList(1, configs.size())) {
                double[] v = row.getValue().get(c);
                sb.append(v == null || base == null ? " - |" : String.format(Locale.ROOT, " %.2fx |", v[0] / base[0]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}

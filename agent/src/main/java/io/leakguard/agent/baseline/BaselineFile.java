package io.leakguard.agent.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ci.baseline file: the leak sites a codebase already has, one JSON object a line, sorted by
 * family then site, so that a change to it is a reviewable diff of whole lines:
 * <pre>
 * {"schema":"leakguard.baseline/1","sites":[
 * {"family":"jdbc","site":"com.acme.Dao.load(Dao.java:42)","count":3},
 * {"family":"file","site":"com.acme.Io.read(Io.java:7)","count":1}
 * ]}
 * </pre>
 * Written from a ci run's report.json ({@code java -jar leakguard-agent.jar baseline}), read at
 * start. The count is what the run that wrote it saw; a known site never fails, whatever its count.
 */
public final class BaselineFile {
    private static final String SCHEMA = "leakguard.baseline/1";
    /** The finding kinds that are a resource left open: at exit, or collected unclosed; locks of dead owners. */
    private static final Set<String> LEAK_KINDS = Set.of("open-at-exit", "definite", "dead-owner");

    private BaselineFile() {
    }

    /** The baseline of a report.json (JSON lines): its leak sites with their counts. */
    public static String fromReport(List<String> reportLines) {
        // family -> site -> count; sorted, so the same run always writes the same file.
        Map<String, Long> counts = new TreeMap<>();
        for (String line : reportLines) {
            String kind = JsonFields.string(line, "kind");
            String family = JsonFields.string(line, "family");
            String site = JsonFields.string(line, "site");
            if (kind == null || !LEAK_KINDS.contains(kind) || family == null || site == null) {
                continue;
            }
            long n = Math.max(1, JsonFields.number(line, "count"));
            counts.merge(family + " " + site, n, Long::sum);
        }
        StringBuilder sb = new StringBuilder("{\"schema\":\"").append(SCHEMA).append("\",\"sites\":[\n");
        int i = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            String key = e.getKey();
            int space = key.indexOf(' ');
            sb.append("{\"family\":");
            JsonFields.quote(sb, key.substring(0, space));
            sb.append(",\"site\":");
            JsonFields.quote(sb, key.substring(space + 1));
            sb.append(",\"count\":").append(e.getValue()).append('}');
            sb.append(++i < counts.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    /** The baseline's sites, each "family site". */
    public static Set<String> sites(Path file) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String family = JsonFields.string(line, "family");
            String site = JsonFields.string(line, "site");
            if (family != null && site != null) {
                out.add(family + " " + site);
            }
        }
        return out;
    }
}

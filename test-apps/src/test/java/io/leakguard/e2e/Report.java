package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A report.json file (docs/report-json.md): one finding per line, each a JSON object in schema
 * leakguard.finding/1. A line that is not one is a failed test. No file (a clean program writes
 * none) is an empty report.
 */
final class Report {
    static final String SCHEMA = "leakguard.finding/1";

    /** One line of the report, with the fields the tests compare; the rest through {@link #json}. */
    static final class Finding {
        final String kind;
        final String family;
        final String type;
        final String site;
        final long count;
        final String thread;
        /** The instant of the scan that produced it. */
        final Instant time;
        final JsonNode json;

        Finding(JsonNode json) {
            this.json = json;
            this.kind = json.path("kind").asText();
            this.family = json.path("family").asText();
            this.type = json.path("type").asText();
            this.site = json.path("site").asText();
            this.count = json.path("count").asLong();
            this.thread = json.path("thread").asText();
            this.time = Instant.parse(json.path("time").asText());
        }

        /** The stack of the acquisition, as the report gives it. */
        List<String> stack() {
            List<String> out = new ArrayList<>();
            json.path("stack").forEach(f -> out.add(f.asText()));
            return out;
        }

        @Override
        public String toString() {
            return json.toString();
        }
    }

    /** Every finding, in the order written: the scans' first, the exit report's last. */
    final List<Finding> all;

    private Report(List<Finding> all) {
        this.all = Collections.unmodifiableList(all);
    }

    static Report read(Path file) throws IOException {
        List<Finding> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode node = Json.parse(line);
                assertTrue(node.isObject(), "not a JSON object: " + line);
                assertEquals(SCHEMA, node.path("schema").asText(), line);
                out.add(new Finding(node));
            }
        }
        return new Report(out);
    }

    /**
     * The findings of the last scan: the exit report, for a program that ran to its end. Every
     * finding carries the instant of the scan that produced it, and the exit scan is the last
     * (lock findings repeated in it keep the instant they were found, so they are not here).
     */
    List<Finding> lastScan() {
        Instant last = all.stream().map(f -> f.time).max(Instant::compareTo).orElse(Instant.EPOCH);
        List<Finding> out = new ArrayList<>();
        for (Finding f : all) {
            if (f.time.equals(last) && !"lock".equals(f.family)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The findings at one site, whatever their kind. */
    static List<Finding> at(List<Finding> findings, String site) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.site.equals(site)) {
                out.add(f);
            }
        }
        return out;
    }

    static List<Finding> of(List<Finding> findings, String kind, String site) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : at(findings, site)) {
            if (f.kind.equals(kind)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("report.json:");
        for (Finding f : all) {
            sb.append('\n').append(f);
        }
        return sb.toString();
    }
}

package io.leakguard.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The finding header lines of the agent's text report, parsed. */
public final class Findings {
    private static final Pattern HEADER = Pattern.compile(
            "^leakguard: \\[([a-z-]+)] (\\d+) (\\w+?)s? .*, (?:acquired|refused) at (\\S+) \\(thread (.*)\\)$");

    public static final class Finding {
        public final String kind;
        public final int count;
        public final String family;
        public final String site;
        public final String line;

        Finding(String kind, int count, String family, String site, String line) {
            this.kind = kind;
            this.count = count;
            this.family = family;
            this.site = site;
            this.line = line;
        }

        @Override
        public String toString() {
            return line;
        }
    }

    private Findings() {
    }

    public static List<Finding> parse(String stderr) {
        List<Finding> out = new ArrayList<>();
        for (String l : stderr.split("\n")) {
            Matcher m = HEADER.matcher(l);
            if (m.matches()) {
                out.add(new Finding(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4), l));
            }
        }
        return out;
    }

    /** The findings of the exit report only (the full summary printed at JVM exit). */
    public static List<Finding> atExit(String stderr) {
        int i = stderr.indexOf("leakguard: exit report:");
        return i < 0 ? new ArrayList<>() : parse(stderr.substring(i));
    }

    /** The findings at one site, whatever their kind. */
    public static List<Finding> at(List<Finding> all, String site) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : all) {
            if (f.site.equals(site)) {
                out.add(f);
            }
        }
        return out;
    }

    public static List<Finding> of(List<Finding> all, String kind, String site) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : all) {
            if (f.kind.equals(kind) && f.site.equals(site)) {
                out.add(f);
            }
        }
        return out;
    }
}

package io.leakguard.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A list of globs where '*' matches any text (including '/' and '.') and '?' one character. */
public final class Glob {
    private final List<Pattern> patterns;

    private Glob(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static Glob of(List<String> globs) {
        List<Pattern> ps = new ArrayList<>();
        for (String g : globs) {
            StringBuilder re = new StringBuilder();
            for (char c : g.toCharArray()) {
                if (c == '*') {
                    re.append(".*");
                } else if (c == '?') {
                    re.append('.');
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            ps.add(Pattern.compile(re.toString()));
        }
        return new Glob(ps);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public boolean matches(String s) {
        for (Pattern p : patterns) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }
}

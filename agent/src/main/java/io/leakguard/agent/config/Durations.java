package io.leakguard.agent.config;

/** Parses 250ms, 30s, 10m, 1h (and a bare 0) into milliseconds. */
public final class Durations {
    private Durations() {
    }

    /** Milliseconds, or -1 when the text is not a duration. */
    public static long parseMillis(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return 0;
        }
        long unit;
        String digits;
        if (s.endsWith("ms")) {
            unit = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unit = 1000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            return -1;
        }
        if (digits.isEmpty() || digits.length() > 12) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(digits) * unit;
    }

    /** 1.2 s, 340 ms, 12 min: for reports. */
    public static String human(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return String.format(java.util.Locale.ROOT, "%.1f min", millis / 60_000.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }
}

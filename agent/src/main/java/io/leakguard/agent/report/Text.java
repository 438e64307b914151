package io.leakguard.agent.report;

/**
 * Makes application-supplied text (file names, thread names, URLs, SQL, class names) safe to put
 * on one line of a text report: a newline in a file name must not start a line that looks like
 * leakguard's own, and an escape sequence must not drive the reader's terminal. Control
 * characters, DEL, C1 controls, the Unicode line/paragraph separators and the bidirectional
 * overrides are written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}.
 */
public final class Text {
    private Text() {
    }

    /** s with every control character escaped; null stays "null" as string concatenation would print it. */
    public static String line(String s) {
        if (s == null) {
            return "null";
        }
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            escape(sb, s.charAt(i), false);
        }
        return sb.toString();
    }

    /** A multi-line text (a report another JVM rendered): its line breaks kept, every other control character escaped. */
    public static String lines(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            escape(sb, s.charAt(i), true);
        }
        return sb.toString();
    }

    private static void escape(StringBuilder sb, char c, boolean keepNewline) {
        if (!unsafe(c) || (keepNewline && c == '\n')) {
            sb.append(c);
        } else if (c == '\n') {
            sb.append("\\n");
        } else if (c == '\r') {
            sb.append("\\r");
        } else if (c == '\t') {
            sb.append("\\t");
        } else {
            sb.append(String.format("\\u%04x", (int) c));
        }
    }

    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}

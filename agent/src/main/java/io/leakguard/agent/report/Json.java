package io.leakguard.agent.report;

/** Just enough JSON writing for flat finding objects; no dependency to relocate. */
final class Json {
    private Json() {
    }

    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    // Every control character; U+2028/2029, which end a line in JavaScript and in
                    // some log viewers; and a surrogate without its pair, which UTF-8 cannot encode.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || (Character.isSurrogate(c) && !paired(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static void field(StringBuilder sb, String name, String value) {
        string(sb, name);
        sb.append(':');
        string(sb, value);
    }

    static void field(StringBuilder sb, String name, long value) {
        string(sb, name);
        sb.append(':').append(value);
    }

    static void array(StringBuilder sb, String name, Iterable<String> values) {
        string(sb, name);
        sb.append(":[");
        boolean first = true;
        for (String v : values) {
            if (!first) {
                sb.append(',');
            }
            string(sb, v);
            first = false;
        }
        sb.append(']');
    }
}

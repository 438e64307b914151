package io.leakguard.agent.baseline;

/**
 * Reads the fields of leakguard's own flat JSON lines (report.json, the baseline): a top-level
 * string or number by name. Not a JSON parser; enough for what leakguard writes, with no
 * dependency to relocate.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The string value of "name" in this line, unescaped; null if absent or not a string. */
    static String string(String line, String name) {
        int at = valueStart(line, name);
        if (at < 0 || at >= line.length() || line.charAt(at) != '"') {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = at + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\' && i + 1 < line.length()) {
                char e = line.charAt(++i);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (i + 4 >= line.length()) {
                            return null;
                        }
                        sb.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                        i += 4;
                        break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return null;
    }

    /** The whole-number value of "name" in this line; 0 if absent. */
    static long number(String line, String name) {
        int at = valueStart(line, name);
        int end = at;
        while (at >= 0 && end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return at < 0 || end == at ? 0 : Long.parseLong(line.substring(at, end));
    }

    /** Where the value of the first "name": key starts, outside string values; -1 if none. */
    private static int valueStart(String line, String name) {
        String key = "\"" + name + "\":";
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                if (line.startsWith(key, i)) {
                    return i + key.length();
                }
                inString = true;
            }
        }
        return -1;
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}

package io.leakguard.agent.report.html;

/**
 * Makes report text safe inside an HTML page. Everything a report holds came from the
 * application (file names, test names, thread names, stack lines, URLs), so none of it may open a
 * tag, end an attribute or start an entity: {@code & < > " '} become references. Control characters,
 * the Unicode line separators and the bidirectional overrides (which can make a path read as
 * something else) are written visibly as {@code \}{@code uXXXX}, as the text report does, and a
 * surrogate without its pair (which UTF-8 cannot hold) as U+FFFD.
 */
public final class Html {
    private Html() {
    }

    /** s escaped for an element's text or a quoted attribute value; null becomes "". */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = replacement(s, i, c);
            if (r != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (r != null) {
                    sb.append(r);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String replacement(String s, int i, char c) {
        switch (c) {
            case '&': return "&amp;";
            case '<': return "&lt;";
            case '>': return "&gt;";
            case '"': return "&quot;";
            case '\'': return "&#39;";
            default:
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                    return String.format("\\u%04x", (int) c);
                }
                if (Character.isSurrogate(c) && !paired(s, i)) {
                    return "\ufffd";
                }
                return null;
        }
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}

package io.leakguard.bootstrap;

import java.util.regex.Pattern;

/** Takes credentials out of JDBC URLs before they reach any report. */
public final class Redact {
    /** password=..., pwd=..., and friends, in ?a=b&c=d and ;A=B;C=D styles. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|sslpassword|credentials?|apikey|api_key)\\s*=)[^;&]*");
    /** jdbc:x://user:secret@host */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?]+):[^@/]*@");

    private Redact() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String s = SECRET_PARAM.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(s).replaceAll("$1:***@");
    }
}

package io.leakguard.bootstrap;

/**
 * Takes everything but the address out of a JDBC URL before it reaches any report. An allowlist,
 * not a list of secret names: drivers spell secrets in too many ways (password, PWD,
 * AwsSecretKey, SecretAccessKey, accessToken, {@code user/pass@}, {@code password={a;b}}) for a
 * pattern to catch them all. What is kept: the scheme and subprotocols ({@code jdbc:mariadb:replication:}),
 * the hosts and ports, the database (path, or a databaseName-style property), and the user when
 * it is unambiguous (a user= property, or {@code user@host} with no password). Everything else,
 * every query parameter and property, is dropped; text that does not parse is never echoed: the
 * result falls back to the subprotocol alone.
 */
public final class Redact {
    /** Subprotocols whose URL is a local path or in-memory name when it has no {@code //}. */
    private static final String[] PATH_STYLE = {"h2", "derby", "hsqldb", "sqlite", "duckdb", "firebirdsql", "firebird"};
    /** Property names that carry the database (kept, when the URL has no path). */
    private static final String[] DATABASE_KEYS = {"databasename", "database", "db", "dbname", "service_name", "sid"};
    /** Property names that carry the user. */
    private static final String[] USER_KEYS = {"user", "username", "userid", "user id", "uid"};

    private Redact() {
    }

    /** The URL with only its address kept; null for null. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            return parse(url.trim()).text;
        } catch (RuntimeException e) {
            // A parser bug must not put the raw URL in a report.
            return "(URL not shown)";
        }
    }

    /** The user named in the URL, when it is unambiguous (see the class comment); else null. */
    public static String user(String url) {
        if (url == null) {
            return null;
        }
        try {
            return parse(url.trim()).user;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A user name as given by the application (a user property, a pool's getUsername), or null if it does not look like one. */
    public static String safeUser(String user) {
        if (user == null || user.isEmpty() || user.length() > 128) {
            return null;
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '$' || c == '@'
                    || c == '+' || c == '\\')) {
                return null;
            }
        }
        return user;
    }

    private static final class Parsed {
        final String text;
        final String user;

        Parsed(String text, String user) {
            this.text = text;
            this.user = user;
        }
    }

    private static Parsed parse(String s) {
        int at = 0;
        StringBuilder prefix = new StringBuilder();
        if (s.regionMatches(true, 0, "jdbc:", 0, 5)) {
            prefix.append("jdbc:");
            at = 5;
        }
        int end = token(s, at);
        if (end < 0 || end >= s.length() || s.charAt(end) != ':') {
            return new Parsed(prefix.length() > 0 ? "jdbc:" : "(URL not shown)", null);
        }
        String sub = s.substring(at, end).toLowerCase(java.util.Locale.ROOT);
        prefix.append(sub).append(':');
        at = end + 1;
        if (sub.equals("oracle")) {
            return oracle(s, at, prefix);
        }
        // Further subprotocol tokens (mariadb:replication:, redshift:iam:, h2:tcp:, jtds:sqlserver:).
        int mark = at;
        StringBuilder chain = new StringBuilder();
        for (int n = 0; n < 4 && !s.startsWith("//", at); n++) {
            int e = token(s, at);
            if (e < 0 || e >= s.length() || s.charAt(e) != ':') {
                break;
            }
            chain.append(s, at, e).append(':');
            at = e + 1;
        }
        if (s.startsWith("//", at)) {
            prefix.append(chain.toString().toLowerCase(java.util.Locale.ROOT));
            return network(s, at + 2, prefix);
        }
        if (contains(PATH_STYLE, sub)) {
            return path(s, mark, prefix);
        }
        return new Parsed(prefix.toString(), null);
    }

    /** End of a subprotocol-like token starting at i (letters, digits, + . - _), or -1 if empty or too long. */
    private static int token(String s, int i) {
        int j = i;
        while (j < s.length() && j - i <= 40) {
            char c = s.charAt(j);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (j > i && ((c >= '0' && c <= '9') || c == '+'
                    || c == '.' || c == '-' || c == '_'))) {
                j++;
            } else {
                break;
            }
        }
        return j == i || j - i > 40 ? -1 : j;
    }

    /**
     * {@code //[userinfo@]host[:port][,host...][/database][?;:props]}. A password may contain '@',
     * '/', ',' or ':', so the userinfo ends at the LAST '@' that has no query or property text
     * (? ; & = #) before it and a host after it.
     */
    private static Parsed network(String s, int start, StringBuilder out) {
        String r = s.substring(start);
        int userAt = -1;
        for (int a = r.lastIndexOf('@'); a >= 0; a = a == 0 ? -1 : r.lastIndexOf('@', a - 1)) {
            if (indexOfAny(r, "?;&=#", 0, a) < 0 && hostEntry(r.substring(a + 1, authorityEnd(r, a + 1))) != null) {
                userAt = a;
                break;
            }
        }
        int authEnd = authorityEnd(r, userAt + 1);
        String userinfo = null;
        if (userAt < 0) {
            int firstAt = r.indexOf('@');
            if (firstAt >= 0 && (firstAt < authEnd || r.lastIndexOf('=', firstAt) < authEnd)) {
                // An '@' that is neither a user's nor inside a key=value: a password we cannot bound.
                return new Parsed(out.toString(), null);
            }
        } else {
            userinfo = r.substring(0, userAt);
        }
        String authority = r.substring(0, authEnd);
        java.util.List<String> entries = splitHosts(authority);
        int lastWithUser = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).indexOf('@') >= 0) {
                lastWithUser = i;
            }
        }
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            int a = e.lastIndexOf('@');
            if (a < 0 && i < lastWithUser) {
                continue; // before a user's '@' and without one: part of a password containing ','
            }
            String h = hostEntry(a < 0 ? e : e.substring(a + 1));
            if (h != null) {
                hosts.append(hosts.length() == 0 ? "" : ",").append(h);
            }
        }
        int i = authEnd;
        String db = null;
        if (i < r.length() && r.charAt(i) == '/') {
            int dbEnd = indexOfAny(r, "?;:#&@, \t", i + 1, r.length());
            dbEnd = dbEnd < 0 ? r.length() : dbEnd;
            db = pathOrNull(r.substring(i + 1, dbEnd));
            i = dbEnd;
        }
        Props props = Props.read(r, i);
        if (db == null || db.isEmpty()) {
            db = props.database;
        }
        if (hosts.length() > 0) {
            out.append("//").append(hosts);
            if (db != null && !db.isEmpty()) {
                out.append('/').append(db);
            }
        }
        String user = props.ambiguousUser ? null : props.user;
        if (userinfo != null) {
            // user@host is a user; user:password@host (or anything odd) gives no user at all.
            String u = indexOfAny(userinfo, ":@/,", 0, userinfo.length()) < 0 ? safeUser(userinfo) : null;
            user = u == null ? null : user == null || user.equals(u) ? u : null;
        }
        return new Parsed(out.toString(), user);
    }

    /** Where the authority starting at i ends: the first '/', '?', ';' or '#' outside parentheses. */
    private static int authorityEnd(String r, int i) {
        int depth = 0;
        for (int j = i; j < r.length(); j++) {
            char c = r.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (c == '/' || c == '?' || c == ';' || c == '#')) {
                return j;
            }
        }
        return r.length();
    }

    private static java.util.List<String> splitHosts(String authority) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int j = 0; j < authority.length(); j++) {
            char c = authority.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                out.add(authority.substring(from, j));
                from = j + 1;
            }
        }
        out.add(authority.substring(from));
        return out;
    }

    /**
     * One host entry, validated: {@code host[:port]}, {@code [v6]:port}, {@code host\instance},
     * or MySQL's {@code address=(host=h)(port=p)...} whose host and port alone are kept. Null if
     * it is not a host (then nothing of it is shown); a port that is not a number is dropped.
     */
    static String hostEntry(String e) {
        if (e.isEmpty()) {
            return null;
        }
        if (e.indexOf('(') >= 0) {
            String h = hostName(keyValue(e, "host"));
            if (h == null) {
                return null;
            }
            String p = keyValue(e, "port");
            return p != null && isPort(p) ? h + ":" + p : h;
        }
        String host;
        String port = null;
        if (e.charAt(0) == '[') {
            int close = e.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = e.substring(0, close + 1);
            for (int j = 1; j < close; j++) {
                char c = e.charAt(j);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                    return null;
                }
            }
            if (close + 1 < e.length()) {
                if (e.charAt(close + 1) != ':') {
                    return null;
                }
                port = e.substring(close + 2);
            }
        } else {
            int colon = e.indexOf(':');
            host = hostName(colon < 0 ? e : e.substring(0, colon));
            if (host == null) {
                return null;
            }
            port = colon < 0 ? null : e.substring(colon + 1);
        }
        return port != null && isPort(port) ? host + ":" + port : host;
    }

    /** A DNS name or IPv4 address, optionally with a SQL Server {@code \instance}; else null. */
    private static String hostName(String h) {
        if (h == null || h.isEmpty() || h.length() > 253) {
            return null;
        }
        int backslash = h.indexOf('\\');
        for (int j = 0; j < h.length(); j++) {
            char c = h.charAt(j);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_' || (j > backslash && backslash >= 0 && c == '$') || j == backslash;
            if (!ok) {
                return null;
            }
        }
        return h;
    }

    private static boolean isPort(String p) {
        if (p.isEmpty() || p.length() > 5) {
            return false;
        }
        for (int j = 0; j < p.length(); j++) {
            if (p.charAt(j) < '0' || p.charAt(j) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code key=value} inside a parenthesised descriptor ({@code (HOST=h)}, {@code (host=h,port=1)}). */
    private static String keyValue(String e, String key) {
        String lower = e.toLowerCase(java.util.Locale.ROOT);
        int from = 0;
        while (true) {
            int k = lower.indexOf(key, from);
            if (k < 0) {
                return null;
            }
            from = k + key.length();
            char before = k == 0 ? '(' : lower.charAt(k - 1);
            int eq = from;
            while (eq < lower.length() && lower.charAt(eq) == ' ') {
                eq++;
            }
            if ((before == '(' || before == ',' || before == ' ') && eq < lower.length() && lower.charAt(eq) == '=') {
                int v = eq + 1;
                while (v < e.length() && e.charAt(v) == ' ') {
                    v++;
                }
                int ve = indexOfAny(e, "),( ", v, e.length());
                return e.substring(v, ve < 0 ? e.length() : ve);
            }
        }
    }

    /**
     * Oracle: {@code jdbc:oracle:thin:[user[/password]]@host:port/service}, {@code @//host:port/svc},
     * {@code @host:port:SID}, {@code @(DESCRIPTION=...)}, {@code @alias}. The address starts after the
     * last '@' with no '(' or '?' before it (a password may hold '@').
     */
    private static Parsed oracle(String s, int at, StringBuilder out) {
        int e = token(s, at);
        if (e > 0 && e < s.length() && s.charAt(e) == ':') {
            out.append(s.substring(at, e).toLowerCase(java.util.Locale.ROOT)).append(':');
            at = e + 1;
        }
        String r = s.substring(at);
        int a = -1;
        for (int j = r.lastIndexOf('@'); j >= 0; j = j == 0 ? -1 : r.lastIndexOf('@', j - 1)) {
            if (indexOfAny(r, "(?", 0, j) < 0) {
                a = j;
                break;
            }
        }
        if (a < 0) {
            return new Parsed(out.toString(), null);
        }
        String userinfo = r.substring(0, a);
        String user = userinfo.indexOf('/') < 0 ? safeUser(userinfo) : null;
        String d = r.substring(a + 1);
        out.append('@');
        if (d.startsWith("(")) {
            StringBuilder hosts = new StringBuilder();
            java.util.List<String> seen = new java.util.ArrayList<>();
            String lower = d.toLowerCase(java.util.Locale.ROOT);
            for (int j = lower.indexOf("(address"); j >= 0; j = lower.indexOf("(address", j + 1)) {
                int close = lower.indexOf(')', lower.indexOf("(port", j) < 0 ? j : lower.indexOf("(port", j));
                String part = d.substring(j, close < 0 ? d.length() : close + 1);
                String h = hostEntry(part);
                if (h != null && !seen.contains(h)) {
                    seen.add(h);
                    hosts.append(hosts.length() == 0 ? "" : ",").append(h);
                }
            }
            out.append("//").append(hosts);
            String svc = keyValue(d, "service_name");
            String sid = svc == null ? keyValue(d, "sid") : null;
            String db = pathOrNull(svc != null ? svc : sid);
            if (db != null) {
                out.append(svc != null ? "/" : ":").append(db);
            }
            return new Parsed(out.toString(), user);
        }
        if (d.startsWith("//")) {
            d = d.substring(2);
            out.append("//");
        }
        int end = indexOfAny(d, "/:?", 0, d.length());
        String host = hostEntry(end < 0 ? d : d.substring(0, end));
        if (host == null) {
            return new Parsed(out.toString(), user);
        }
        out.append(host);
        int i = end;
        if (i >= 0 && d.charAt(i) == ':') {
            int pe = indexOfAny(d, "/:?", i + 1, d.length());
            String port = d.substring(i + 1, pe < 0 ? d.length() : pe);
            if (!isPort(port)) {
                return new Parsed(out.toString(), user);
            }
            out.append(':').append(port);
            i = pe;
        }
        if (i >= 0 && (d.charAt(i) == '/' || d.charAt(i) == ':')) {
            int se = indexOfAny(d, "?:;&", i + 1, d.length());
            String svc = pathOrNull(d.substring(i + 1, se < 0 ? d.length() : se));
            if (svc != null) {
                out.append(d.charAt(i)).append(svc);
            }
        }
        return new Parsed(out.toString(), user);
    }

    /** h2, derby, hsqldb, sqlite without {@code //}: the path or in-memory name, up to the first ';' or '?'. */
    private static Parsed path(String s, int at, StringBuilder out) {
        int end = indexOfAny(s, ";?", at, s.length());
        end = end < 0 ? s.length() : end;
        String p = pathOrNull(s.substring(at, end));
        if (p != null) {
            out.append(p);
        }
        Props props = Props.read(s, end);
        return new Parsed(out.toString(), props.ambiguousUser ? null : props.user);
    }

    /** A database name or file path made of ordinary characters, or null (then nothing of it is shown). */
    private static String pathOrNull(String p) {
        if (p == null || p.length() > 512) {
            return null;
        }
        for (int j = 0; j < p.length(); j++) {
            char c = p.charAt(j);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == '\\'
                    || c == '~' || c == ':' || c == '$' || c == '+')) {
                return null;
            }
        }
        return p;
    }

    private static int indexOfAny(String s, String chars, int from, int to) {
        for (int j = Math.max(0, from); j < to && j < s.length(); j++) {
            if (chars.indexOf(s.charAt(j)) >= 0) {
                return j;
            }
        }
        return -1;
    }

    private static boolean contains(String[] list, String s) {
        for (String x : list) {
            if (x.equals(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The properties after the address ({@code ?a=b&c=d}, {@code ;A=B;C=D}, DB2's {@code :a=b;}), read
     * only for the user and the database; SQL Server's {@code {braced;values}} are skipped whole so
     * text inside a password is never taken for a property.
     */
    private static final class Props {
        String user;
        boolean ambiguousUser;
        String database;

        static Props read(String s, int from) {
            Props p = new Props();
            int i = from;
            while (i >= 0 && i < s.length()) {
                char c = s.charAt(i);
                if (c == '?' || c == ';' || c == '&' || c == ':') {
                    i++;
                    continue;
                }
                int eq = -1;
                int j = i;
                while (j < s.length() && s.charAt(j) != ';' && s.charAt(j) != '&') {
                    if (s.charAt(j) == '=' && eq < 0) {
                        eq = j;
                        if (j + 1 < s.length() && s.charAt(j + 1) == '{') {
                            int close = s.indexOf('}', j + 2);
                            while (close >= 0 && close + 1 < s.length() && s.charAt(close + 1) == '}') {
                                close = s.indexOf('}', close + 2); // '}}' is an escaped brace
                            }
                            j = close < 0 ? s.length() : close;
                        }
                    }
                    j++;
                }
                if (eq > i) {
                    String key = s.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
                    String value = s.substring(eq + 1, Math.min(j, s.length()));
                    if (contains(USER_KEYS, key)) {
                        String u = safeUser(value);
                        if (u == null || (p.user != null && !p.user.equals(u))) {
                            p.ambiguousUser = true;
                        } else {
                            p.user = u;
                        }
                    } else if (contains(DATABASE_KEYS, key) && p.database == null) {
                        p.database = pathOrNull(value);
                    }
                }
                i = j;
            }
            return p;
        }
    }
}

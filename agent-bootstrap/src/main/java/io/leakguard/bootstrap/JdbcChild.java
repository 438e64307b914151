package io.leakguard.bootstrap;

/**
 * Describes a statement or result set by its type, the connection (or statement) it came from,
 * and, only with jdbc.capture-sql=on, the SQL text the application gave (never bound parameters:
 * the agent does not look at setString and friends).
 */
final class JdbcChild {
    /** Longest SQL text shown; the rest is cut with "...". */
    static final int SQL_SHOWN = 200;

    /** "statement" or "resultset". */
    final String kind;
    /**
     * The handle's class name (the JDK keeps it: nothing is made per handle); its simple name is
     * made only when a report shows it (a substring per statement and result set was a fifth of
     * the statement path's added cost). Not the Class: a record kept in a report must not keep a
     * driver's class loader.
     */
    private final String type;
    private final Record parent;
    /**
     * The connection (or statement) it came from, weakly, when that is not tracked (a wrapper
     * the application made itself, MyBatis' logging proxy): its close closes this too (rule 1).
     * Null when the parent is tracked, so the common case allocates nothing more.
     */
    private final java.lang.ref.WeakReference<Object> untrackedOwner;
    /**
     * The SQL as given (a reference to the application's string: nothing is copied on the hot
     * path; shortening and whitespace folding happen when a report is written). For a plain
     * Statement, the SQL it last executed. Not volatile: a volatile store costs a fence on every
     * statement created; the scanner reading a stale value only shows older text (Strings are
     * safely published).
     */
    String sql;

    /** The handle's class name. */
    String type() {
        return type;
    }

    JdbcChild(String kind, String type, Record parent, String sql) {
        this(kind, type, parent, sql, null);
    }

    /** @param owner the object it came from: kept (weakly) only when {@code parent} is null */
    JdbcChild(String kind, String type, Record parent, String sql, Object owner) {
        this.kind = kind;
        this.type = type;
        this.parent = parent;
        this.sql = sql;
        this.untrackedOwner = parent == null && owner != null ? new java.lang.ref.WeakReference<>(owner) : null;
    }

    /** The untracked object it came from, if it had no tracked parent and that object is still there. */
    Object untrackedOwner() {
        return untrackedOwner == null ? null : untrackedOwner.get();
    }

    @Override
    public String toString() {
        String s = sql;
        String name = type.substring(type.lastIndexOf('.') + 1);
        String text = s == null ? name : name + " \"" + shorten(s) + "\"";
        return parent == null ? text : text + " on " + parent.describeWithoutUse();
    }

    static String shorten(String sql) {
        String folded = sql.trim().replaceAll("\\s+", " ");
        return folded.length() <= SQL_SHOWN ? folded : folded.substring(0, SQL_SHOWN) + "...";
    }
}

package io.leakguard.bootstrap;

/** Describes a statement or result set by its type and the connection (or statement) it came from. */
final class JdbcChild {
    /** "statement" or "resultset". */
    final String kind;
    private final String type;
    private final Record parent;

    JdbcChild(String kind, String type, Record parent) {
        this.kind = kind;
        this.type = type;
        this.parent = parent;
    }

    @Override
    public String toString() {
        return parent == null ? type : type + " on " + parent.describeWithoutUse();
    }
}

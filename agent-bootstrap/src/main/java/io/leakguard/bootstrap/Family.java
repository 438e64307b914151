package io.leakguard.bootstrap;

/** The resource families, as small ints so a record spends one byte on it. */
public final class Family {
    public static final int FILE = 0;
    public static final int SOCKET = 1;
    public static final int JDBC = 2;
    public static final int LOCK = 3;

    private static final String[] NAMES = {"file", "socket", "jdbc", "lock"};

    private Family() {
    }

    public static String name(int family) {
        return family >= 0 && family < NAMES.length ? NAMES[family] : "unknown";
    }
}

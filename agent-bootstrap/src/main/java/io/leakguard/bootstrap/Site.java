package io.leakguard.bootstrap;

/**
 * Where a resource was acquired: the first application frame, interned so that every record
 * from the same line shares one instance. The full stack is kept once per site (captured the
 * first time the site is seen), never once per resource; in ci mode a lock's site is kept per
 * line and test, so its stack is that test's ({@link SiteCapture#lockSite}).
 */
public final class Site {
    /** "com.acme.Foo.bar(Foo.java:42)", or "unknown" when no application frame was found. */
    public final String frame;
    /** Stack lines, outermost last; captured once per site. */
    public final String[] stack;

    /** ci mode: the test whose acquisition the stack is of (0: any, the first seen). */
    final int test;

    Site(String frame, String[] stack) {
        this(frame, stack, 0);
    }

    Site(String frame, String[] stack, int test) {
        this.frame = frame;
        this.stack = stack;
        this.test = test;
    }

    @Override
    public String toString() {
        return frame;
    }
}

package io.leakguard.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One open resource. It is a weak reference to the resource itself, so a resource that the
 * application drops without close() still becomes garbage, and its record arrives on the
 * tracker's queue: that is a definite leak.
 *
 * <p>The description must never point back at the resource (that would keep it alive): it is
 * the path String the resource already holds, or a small object whose toString() names it.
 */
public final class Record extends WeakReference<Object> {
    public final byte family;
    public final Object description;
    public final String threadName;
    public final long acquiredAtMillis;
    public final Site site;
    /** Full stack in ci mode, null otherwise. */
    public final Stack stack;
    final int hash;
    /** Chain link inside a RecordTable bucket; guarded by the stripe's monitor. */
    Record next;

    Record(Object resource, int hash, int family, Object description, Site site, Stack stack,
           ReferenceQueue<Object> queue) {
        super(resource, queue);
        this.hash = hash;
        this.family = (byte) family;
        this.description = description;
        this.threadName = Thread.currentThread().getName();
        this.acquiredAtMillis = System.currentTimeMillis();
        this.site = site;
        this.stack = stack;
    }

    public String describe() {
        return String.valueOf(description);
    }

    public String[] stackLines() {
        return stack != null ? stack.lines : site.stack;
    }
}

package io.leakguard.bootstrap;

import java.lang.StackWalker.StackFrame;

/**
 * The constructor of an application's own subclass of a resource type ({@code class AuditedFile
 * extends RandomAccessFile}) is part of the acquisition, not where it happened: the site is the
 * line with {@code new}. A class whose constructor opens a stream into a field is not a subclass
 * of what it opens, so its constructor stays the site, which is right: that line opened it.
 */
final class ResourceConstructors {
    private static final String CONSTRUCTOR = "<init>";

    private ResourceConstructors() {
    }

    /**
     * Monitor mode (frames with their classes, no resource at hand): a constructor whose frame
     * just above is a constructor of the same class or a superclass is that object's constructor
     * chain ({@code super(...)} or {@code this(...)}), so it builds the resource itself.
     */
    static boolean chained(StackFrame above, StackFrame frame) {
        return above != null && CONSTRUCTOR.equals(frame.getMethodName())
                && CONSTRUCTOR.equals(above.getMethodName())
                && above.getDeclaringClass().isAssignableFrom(frame.getDeclaringClass());
    }

    /**
     * ci mode (names only, but the resource's class kept in the trace): a constructor of the
     * resource's class or of one of its superclasses.
     */
    static boolean ofResource(StackTraceElement frame, Class<?> resourceType) {
        if (resourceType == null || !CONSTRUCTOR.equals(frame.getMethodName())) {
            return false;
        }
        String name = frame.getClassName();
        for (Class<?> c = resourceType; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}

package io.leakguard.bootstrap;

/**
 * The stack of one acquisition in ci mode. The JVM fills a Throwable's backtrace natively and
 * cheaply; the StackTraceElements are only built if the record is ever reported.
 */
final class AcquisitionTrace extends Throwable {
    private static final long serialVersionUID = 1L;

    /**
     * The resource's class: its own constructors (an application's subclass of a resource type)
     * are part of the acquisition, see {@link ResourceConstructors}. Null when unknown.
     */
    final transient Class<?> resourceType;

    AcquisitionTrace() {
        this(null);
    }

    AcquisitionTrace(Class<?> resourceType) {
        super("acquired here", null, false, true);
        this.resourceType = resourceType;
    }
}

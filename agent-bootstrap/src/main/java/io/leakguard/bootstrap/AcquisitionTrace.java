package io.leakguard.bootstrap;

/**
 * The stack of one acquisition in ci mode. The JVM fills a Throwable's backtrace natively and
 * cheaply; the StackTraceElements are only built if the record is ever reported.
 */
final class AcquisitionTrace extends Throwable {
    private static final long serialVersionUID = 1L;

    AcquisitionTrace() {
        super("acquired here", null, false, true);
    }
}

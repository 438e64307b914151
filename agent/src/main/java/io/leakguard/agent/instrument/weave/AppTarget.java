package io.leakguard.agent.instrument.weave;

/**
 * An application-side class known by name (a test framework's), woven like the JDK's classes
 * ({@link JdkTarget}) rather than with Byte Buddy, so that a ci-mode test JVM that never touches
 * JDBC never loads Byte Buddy. It is woven only when its class loader sees the bootstrap classes
 * its hooks call.
 */
public interface AppTarget extends JdkTarget {
}

package io.leakguard.agent.instrument.weave;

/**
 * An application-side class known by name (a test framework's, a pool's), woven like the JDK's classes
 * ({@link JdkTarget}). It is woven only when its class loader sees the bootstrap classes
 * its hooks call.
 */
public interface AppTarget extends JdkTarget {
}

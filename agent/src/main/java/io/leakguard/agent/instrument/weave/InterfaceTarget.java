package io.leakguard.agent.instrument.weave;

/**
 * Every implementation of an interface, outside the JDK, woven like the JDK's classes
 * ({@link JdkTarget}): {@link #typeName()} names the interface (a JDBC one), and each class that
 * implements it, directly or through its super types, gets the hooks of the methods it declares
 * itself. Which classes implement it is decided from class files before they load; since no
 * implementation is known in advance, every selector is optional.
 */
public interface InterfaceTarget extends JdkTarget {
}

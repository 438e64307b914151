package io.leakguard.agent.instrument.weave;

/**
 * Picks methods by more than their name: for targets matched in implementations leakguard did
 * not write (every JDBC driver's Connection), where the rule is a method's shape ("every public
 * method that can throw SQLException, but close").
 */
@FunctionalInterface
public interface MethodFilter {
    /**
     * @param access the method's access flags (abstract, native and bridge methods never get here)
     * @param exceptions the internal names of the exceptions it declares, or null
     */
    boolean accepts(int access, String name, String descriptor, String[] exceptions);
}

package io.leakguard.agent.instrument;

import java.util.List;

/**
 * The targets that need Byte Buddy, described by name up front and built only when Byte Buddy is
 * brought up: creating them means loading and verifying their advice classes, which cost start-up
 * (8-18 ms) in every program, JDBC or not.
 */
public interface ByteBuddyTargets {
    /** Binary names of the classes (or, {@link #byHierarchy}, of the interfaces) instrumented. */
    List<String> typeNames();

    /** Whether the implementations of this interface get the advice, rather than the one class of that name. */
    boolean byHierarchy(String typeName);

    /** The targets themselves, their {@link Target#typeName()}s those of {@link #typeNames()}; called once. */
    List<Target> build();
}

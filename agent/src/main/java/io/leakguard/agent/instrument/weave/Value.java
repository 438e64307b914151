package io.leakguard.agent.instrument.weave;

/**
 * One value a {@link Hook} passes to its bootstrap method, loaded where the hook runs: the
 * instance, an argument, a field of the instance, a constant, or the value being returned or
 * thrown (those two only as the first value: they are already on the operand stack, duplicated).
 */
public final class Value {
    enum Kind { THIS, ARG, ARG_OBJECT, FIELD, CONSTANT, RETURNED, RETURNED_OBJECT, THROWN }

    public static final Value THIS = new Value(Kind.THIS, 0, null, null);
    /** The value the method is returning (first value of an exit hook only). */
    public static final Value RETURNED = new Value(Kind.RETURNED, 0, null, null);
    /** The throwable leaving the method (first value of a throw hook only). */
    public static final Value THROWN = new Value(Kind.THROWN, 0, null, null);
    public static final Value NULL = new Value(Kind.CONSTANT, 0, null, null);
    /**
     * The value being returned when it is an object, else null (first value of an exit hook
     * only): for hooks matched by name in an implementation, where overloads differ in their
     * return type (a Statement's execute methods return a ResultSet, an int, a boolean, an int[]).
     */
    public static final Value RETURNED_OBJECT = new Value(Kind.RETURNED_OBJECT, 0, null, null);

    final Kind kind;
    final int index;
    final String field;
    final Object constant;

    private Value(Kind kind, int index, String field, Object constant) {
        this.kind = kind;
        this.index = index;
        this.field = field;
        this.constant = constant;
    }

    /** Argument {@code i} (0 is the first declared parameter, not the instance). */
    public static Value arg(int i) {
        return new Value(Kind.ARG, i, null, null);
    }

    /** Argument {@code i} when the method has one and it is an object, else null (overloads matched by name). */
    public static Value argObject(int i) {
        return new Value(Kind.ARG_OBJECT, i, null, null);
    }

    /** A field of the instance, by name; its type is read from the class being woven. */
    public static Value field(String name) {
        return new Value(Kind.FIELD, 0, name, null);
    }

    /** An int (also for byte and boolean parameters), a boolean or a String. */
    public static Value constant(Object c) {
        return new Value(Kind.CONSTANT, 0, null, c);
    }
}

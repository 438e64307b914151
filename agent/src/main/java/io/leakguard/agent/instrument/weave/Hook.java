package io.leakguard.agent.instrument.weave;

/**
 * One call woven into a JDK method: a static method of {@code io.leakguard.bootstrap.JdkHooks}
 * (the one call into the bootstrap classes), where it runs, and the values it is given.
 *
 * <ul>
 * <li>{@link Where#ENTER}: first thing in the method (in a constructor, before the super call:
 *     arguments and constants only). A non-void result is stored into an argument
 *     ({@link #storingInto}) or dropped.</li>
 * <li>{@link Where#EXIT}: before every return instruction (normal completion only).</li>
 * <li>{@link Where#THROW}: when the method completes by throwing (not for constructors). A hook
 *     returning a Throwable replaces the one thrown.</li>
 * <li>{@link Where#REFUSE}: at entry, a hook returning a String: when not null, the method
 *     throws a new exception of the given class with that message (and an SQL state, for an
 *     SQLException), without running its body: how a driver method refuses in the driver's own
 *     terms (the bootstrap classes cannot name java.sql types).</li>
 * <li>{@link Where#SKIP_WHEN_TRUE}: at entry, a boolean hook; true returns at once (void
 *     methods only), skipping the original body.</li>
 * </ul>
 * The hook methods never throw except on purpose (a refusal the caller must see).
 */
public final class Hook {
    public enum Where { ENTER, EXIT, THROW, REFUSE, SKIP_WHEN_TRUE }

    public static final String OWNER = "io/leakguard/bootstrap/JdkHooks";

    final Where where;
    /** The bootstrap class whose static method is called (internal name). */
    final String owner;
    final String name;
    final String descriptor;
    final Value[] values;
    final int storeInto;
    /** REFUSE: the exception's class (internal name), and the SQL state its constructor takes, or null. */
    final String refusal;
    final String sqlState;

    private Hook(Where where, String name, String descriptor, int storeInto, Value... values) {
        this(OWNER, where, name, descriptor, storeInto, null, null, values);
    }

    private Hook(String owner, Where where, String name, String descriptor, int storeInto, String refusal,
                 String sqlState, Value... values) {
        this.owner = owner;
        this.refusal = refusal;
        this.sqlState = sqlState;
        this.where = where;
        this.name = name;
        this.descriptor = descriptor;
        this.values = values;
        this.storeInto = storeInto;
        for (int i = 1; i < values.length; i++) {
            if (values[i] == Value.RETURNED || values[i] == Value.RETURNED_OBJECT || values[i] == Value.THROWN) {
                throw new IllegalArgumentException(name + ": the returned or thrown value must come first");
            }
        }
    }

    /** The same call on another bootstrap class (ci mode's test-framework hooks: CiHooks). */
    public Hook on(String bootstrapClass) {
        return new Hook(bootstrapClass, where, name, descriptor, storeInto, refusal, sqlState, values);
    }

    public static Hook enter(String name, String descriptor, Value... values) {
        return new Hook(Where.ENTER, name, descriptor, -1, values);
    }

    /** An entry hook whose result replaces argument {@code arg} (a timeout chosen by policy). */
    public static Hook enterStoring(int arg, String name, String descriptor, Value... values) {
        return new Hook(Where.ENTER, name, descriptor, arg, values);
    }

    public static Hook exit(String name, String descriptor, Value... values) {
        return new Hook(Where.EXIT, name, descriptor, -1, values);
    }

    public static Hook thrown(String name, String descriptor, Value... values) {
        return new Hook(Where.THROW, name, descriptor, -1, values);
    }

    /**
     * An entry hook returning a refusal message or null; a message is thrown as a new
     * {@code exception} (internal name) built with (message) or, given a state, (message, state).
     */
    public static Hook refuse(String exception, String sqlState, String name, String descriptor, Value... values) {
        if (!descriptor.endsWith(")Ljava/lang/String;")) {
            throw new IllegalArgumentException(name + ": a refusal hook returns the message (a String)");
        }
        return new Hook(OWNER, Where.REFUSE, name, descriptor, -1, exception, sqlState, values);
    }

    public static Hook skipWhenTrue(String name, String descriptor, Value... values) {
        return new Hook(Where.SKIP_WHEN_TRUE, name, descriptor, -1, values);
    }
}

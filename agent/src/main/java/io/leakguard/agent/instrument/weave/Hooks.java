package io.leakguard.agent.instrument.weave;

import static io.leakguard.agent.instrument.weave.Value.THIS;

/** The hooks several targets share, with the descriptors of their bootstrap methods. */
public final class Hooks {
    public static final String OBJECT = "Ljava/lang/Object;";
    public static final String STRING = "Ljava/lang/String;";
    /** JdkHooks.released(Object): close() returned or threw, the descriptor is given back either way. */
    private static final Hook RELEASED = Hook.exit("released", "(" + OBJECT + ")V", THIS);
    private static final Hook RELEASED_THROWING = Hook.thrown("released", "(" + OBJECT + ")V", THIS);

    private Hooks() {
    }

    /**
     * The method that releases a resource (close(), implCloseChannel(), ...), on normal and
     * exceptional exit alike: a close() that throws has still given the descriptor back in
     * every JDK implementation we weave.
     */
    public static MethodHooks release(String method) {
        return release(method, "()V");
    }

    /** {@link #release(String)} for a close method of another descriptor ({@code ()Z}). */
    public static MethodHooks release(String method, String descriptor) {
        return MethodHooks.method(method, descriptor, RELEASED, RELEASED_THROWING);
    }

    /** JdkHooks.fileOpened(this, this.&lt;field&gt;) at the end of the opening constructor. */
    public static Hook fileOpenedWith(String field) {
        return Hook.exit("fileOpened", "(" + OBJECT + OBJECT + ")V", THIS, Value.field(field));
    }

    /** JdkHooks.socketOpened(this, kind) when the opening method returns. */
    public static Hook socketOpened(String kind) {
        return Hook.exit("socketOpened", "(" + OBJECT + STRING + ")V", THIS, Value.constant(kind));
    }

}

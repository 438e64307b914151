package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;

/**
 * The hooks of one blocking call for io.slow: on entry JdkHooks.ioBegins(resource, op) marks the
 * thread as in the call, on return JdkHooks.ioEnds() and on a throw JdkHooks.ioThrew() clear the
 * mark (a socket read that timed out still awaits its reply). Nothing else: the
 * scanner judges how long a thread has been in its call.
 */
final class IoCall {
    // The constants of bootstrap IoInFlight (the instrumentation does not depend on bootstrap classes).
    static final int READ = 0;
    static final int WRITE = 1;
    static final int FORCE = 2;
    static final int SOCKET_READ = 3;
    static final int SOCKET_WRITE = 4;

    private static final Hook ENDS = Hook.exit("ioEnds", "()V");
    private static final Hook ENDS_THROWING = Hook.thrown("ioThrew", "()V");

    private IoCall() {
    }

    /** A call on the tracked object itself (a file stream, RandomAccessFile, SocketChannel). */
    static MethodHooks onThis(String name, String descriptor, int op) {
        return on(name, descriptor, op, Value.THIS);
    }

    /** A call whose tracked object is in a field (a socket stream's Socket: parent). */
    static MethodHooks on(String name, String descriptor, int op, Value resource) {
        return MethodHooks.method(name, descriptor,
                Hook.enter("ioBegins", "(" + Hooks.OBJECT + "I)V", resource, Value.constant(op)), ENDS, ENDS_THROWING);
    }

    /** A FileChannel call: the channel of a stream is tracked as that stream (field parent). */
    static MethodHooks onChannel(String name, String descriptor, int op) {
        return MethodHooks.method(name, descriptor,
                Hook.enter("channelIoBegins", "(" + Hooks.OBJECT + Hooks.OBJECT + "I)V", Value.THIS, Value.field("parent"),
                        Value.constant(op)), ENDS, ENDS_THROWING);
    }
}

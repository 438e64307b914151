package io.leakguard.agent.instrument.socket;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.net.Socket: acquired by connect(address, timeout) (every constructor and connect overload
 * ends there) or by bind (created and bound, maybe never connected); released by close(). The
 * socket adaptor of a SocketChannel overrides these, so a channel is counted once, as a channel.
 *
 * <p>connect: on entry, in enforce mode, the circuit breaker may refuse at once (a
 * ConnectException) and a timeout of 0 becomes net.connect-timeout (the hook's result is stored
 * into the timeout argument); on exit the outcome feeds the breaker, and a connected socket is
 * tracked and gets net.read-timeout if it has none.
 */
public final class SocketTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.net.Socket";
    }

    @Override
    public List<MethodHooks> methods() {
        String o = Hooks.OBJECT;
        return List.of(
                MethodHooks.method("connect", "(Ljava/net/SocketAddress;I)V",
                        Hook.enterStoring(1, "socketConnecting", "(" + o + "I)I", Value.arg(0), Value.arg(1)),
                        Hook.exit("socketConnected", "(" + o + o + ")V", Value.THIS, Value.arg(0)),
                        Hook.thrown("socketConnectFailed", "(Ljava/lang/Throwable;" + o + o + ")V",
                                Value.THROWN, Value.THIS, Value.arg(0))),
                MethodHooks.method("bind", "(Ljava/net/SocketAddress;)V", Hooks.socketOpened("socket")),
                Hooks.release("close"));
    }
}

package io.leakguard.agent.instrument.socket;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.net.ServerSocket: acquired by bind(address, backlog) (the port constructors call it);
 * the sockets its accept() returns are acquisitions too, at the accepting line; released by
 * close().
 */
public final class ServerSocketTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.net.ServerSocket";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                MethodHooks.method("bind", "(Ljava/net/SocketAddress;I)V", Hooks.socketOpened("serversocket")),
                MethodHooks.method("accept", "()Ljava/net/Socket;",
                        Hook.exit("socketAccepted", "(" + Hooks.OBJECT + "Z)V", Value.RETURNED, Value.constant(false))),
                Hooks.release("close"));
    }
}

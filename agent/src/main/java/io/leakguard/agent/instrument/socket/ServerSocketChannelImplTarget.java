package io.leakguard.agent.instrument.socket;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * sun.nio.ch.ServerSocketChannelImpl: ServerSocketChannel.open(). The channels its accept()
 * returns (and blockingAccept, behind ServerSocketChannel.socket().accept()) are tracked as
 * SocketChannelImpl constructions; here they are marked as the server's.
 */
public final class ServerSocketChannelImplTarget extends ChannelTarget {
    private static final Hook ACCEPTED = Hook.exit("socketAccepted", "(" + Hooks.OBJECT + "Z)V",
            Value.RETURNED, Value.constant(true));

    public ServerSocketChannelImplTarget() {
        super("sun.nio.ch.ServerSocketChannelImpl", "serverchannel", "implCloseSelectableChannel");
    }

    @Override
    List<MethodHooks> more() {
        return List.of(MethodHooks.method("accept", "()Ljava/nio/channels/SocketChannel;", ACCEPTED),
                MethodHooks.optionalMethod("blockingAccept", "(J)Ljava/nio/channels/SocketChannel;", ACCEPTED));
    }
}

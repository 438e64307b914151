package io.leakguard.agent.instrument.socket;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * sun.nio.ch.SocketChannelImpl: SocketChannel.open() and the channels ServerSocketChannel.accept()
 * returns. In enforce mode its connect(address) also goes through the circuit breaker and the
 * socket quotas (a refusal reaches the caller as the IOException connect declares), and a
 * blocking connect, which has no timeout of its own, gets a watchdog that ends it after
 * net.connect-timeout (thrown as a SocketTimeoutException instead of what the JDK threw).
 */
public final class SocketChannelImplTarget extends ChannelTarget {
    public SocketChannelImplTarget() {
        super("sun.nio.ch.SocketChannelImpl", "socketchannel", "implCloseSelectableChannel");
    }

    @Override
    List<MethodHooks> more() {
        String o = Hooks.OBJECT;
        return List.of(MethodHooks.method("connect", "(Ljava/net/SocketAddress;)Z",
                Hook.enter("channelConnecting", "(" + o + o + ")V", Value.THIS, Value.arg(0)),
                Hook.exit("channelConnected", "(" + o + ")V", Value.arg(0)),
                Hook.thrown("channelConnectFailed", "(Ljava/lang/Throwable;" + o + ")Ljava/lang/Throwable;",
                        Value.THROWN, Value.arg(0))));
    }
}

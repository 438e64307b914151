package io.leakguard.agent.instrument.socket;

import io.leakguard.agent.instrument.weave.JdkTarget;
import java.util.List;

/** The socket family's targets. */
public final class SocketTargets {
    private SocketTargets() {
    }

    public static List<JdkTarget> all() {
        return List.of(new SocketTarget(), new ServerSocketTarget(), new SocketChannelImplTarget(),
                new ServerSocketChannelImplTarget(), new DatagramChannelImplTarget(), new EPollSelectorImplTarget(),
                new AsynchronousSocketChannelTarget(), new AsynchronousServerSocketChannelTarget(), new PipeSourceTarget(),
                new PipeSinkTarget());
    }
}

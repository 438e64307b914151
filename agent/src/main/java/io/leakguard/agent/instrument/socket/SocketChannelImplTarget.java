package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.SocketChannelImpl: SocketChannel.open() and the channels ServerSocketChannel.accept() returns. */
public final class SocketChannelImplTarget extends ChannelTarget {
    public SocketChannelImplTarget() {
        super("sun.nio.ch.SocketChannelImpl", "socketchannel", "implCloseSelectableChannel");
    }
}

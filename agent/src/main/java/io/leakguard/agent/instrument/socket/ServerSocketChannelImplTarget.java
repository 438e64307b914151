package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.ServerSocketChannelImpl: ServerSocketChannel.open(). */
public final class ServerSocketChannelImplTarget extends ChannelTarget {
    public ServerSocketChannelImplTarget() {
        super("sun.nio.ch.ServerSocketChannelImpl", "serverchannel", "implCloseSelectableChannel");
    }
}

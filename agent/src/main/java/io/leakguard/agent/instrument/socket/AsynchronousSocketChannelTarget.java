package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.UnixAsynchronousSocketChannelImpl: AsynchronousSocketChannel.open() and accepted ones. */
public final class AsynchronousSocketChannelTarget extends ChannelTarget {
    public AsynchronousSocketChannelTarget() {
        super("sun.nio.ch.UnixAsynchronousSocketChannelImpl", "asyncchannel", "implClose");
    }
}

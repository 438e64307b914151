package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.UnixAsynchronousServerSocketChannelImpl: AsynchronousServerSocketChannel.open(). */
public final class AsynchronousServerSocketChannelTarget extends ChannelTarget {
    public AsynchronousServerSocketChannelTarget() {
        super("sun.nio.ch.UnixAsynchronousServerSocketChannelImpl", "asyncserver", "implClose");
    }
}

package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.SinkChannelImpl: the write end of Pipe.open(). */
public final class PipeSinkTarget extends ChannelTarget {
    public PipeSinkTarget() {
        super("sun.nio.ch.SinkChannelImpl", "pipesink", "implCloseSelectableChannel");
    }
}

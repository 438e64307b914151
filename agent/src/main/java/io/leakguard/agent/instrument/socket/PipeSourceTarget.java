package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.SourceChannelImpl: the read end of Pipe.open(). */
public final class PipeSourceTarget extends ChannelTarget {
    public PipeSourceTarget() {
        super("sun.nio.ch.SourceChannelImpl", "pipesource", "implCloseSelectableChannel");
    }
}

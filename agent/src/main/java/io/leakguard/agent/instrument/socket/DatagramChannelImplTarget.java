package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.DatagramChannelImpl: DatagramChannel.open(), and DatagramSocket, built on one since JDK 17. */
public final class DatagramChannelImplTarget extends ChannelTarget {
    public DatagramChannelImplTarget() {
        super("sun.nio.ch.DatagramChannelImpl", "datagram", "implCloseSelectableChannel");
    }
}

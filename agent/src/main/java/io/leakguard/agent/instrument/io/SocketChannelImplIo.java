package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * sun.nio.ch.SocketChannelImpl: reads and writes on the channel, and the blocking ones its socket
 * adaptor's streams use (blockingRead, blockingWriteFully). A non-blocking channel's calls return
 * at once and are never seen as slow.
 */
final class SocketChannelImplIo implements JdkTarget {
    private static final String BUF = "Ljava/nio/ByteBuffer;";

    @Override
    public String typeName() {
        return "sun.nio.ch.SocketChannelImpl";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(IoCall.onThis("read", "(" + BUF + ")I", IoCall.SOCKET_READ),
                IoCall.onThis("read", "([" + BUF + "II)J", IoCall.SOCKET_READ),
                IoCall.onThis("write", "(" + BUF + ")I", IoCall.SOCKET_WRITE),
                IoCall.onThis("write", "([" + BUF + "II)J", IoCall.SOCKET_WRITE),
                IoCall.onThis("blockingRead", "([BIIJ)I", IoCall.SOCKET_READ),
                IoCall.onThis("blockingWriteFully", "([BII)V", IoCall.SOCKET_WRITE));
    }
}

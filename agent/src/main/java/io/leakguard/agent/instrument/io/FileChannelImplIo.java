package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * sun.nio.ch.FileChannelImpl: reads, writes (relative, positional, scattering, gathering) and
 * force(), the fsync. A channel obtained from a stream or RandomAccessFile (field parent) is
 * tracked as that stream, so the mark names the stream.
 */
final class FileChannelImplIo implements JdkTarget {
    private static final String BUF = "Ljava/nio/ByteBuffer;";

    @Override
    public String typeName() {
        return "sun.nio.ch.FileChannelImpl";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(IoCall.onChannel("read", "(" + BUF + ")I", IoCall.READ),
                IoCall.onChannel("read", "([" + BUF + "II)J", IoCall.READ),
                IoCall.onChannel("read", "(" + BUF + "J)I", IoCall.READ),
                IoCall.onChannel("write", "(" + BUF + ")I", IoCall.WRITE),
                IoCall.onChannel("write", "([" + BUF + "II)J", IoCall.WRITE),
                IoCall.onChannel("write", "(" + BUF + "J)I", IoCall.WRITE),
                IoCall.onChannel("force", "(Z)V", IoCall.FORCE));
    }
}

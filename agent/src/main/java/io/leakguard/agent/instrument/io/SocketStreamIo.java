package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.net.Socket's streams (Socket$SocketInputStream, Socket$SocketOutputStream): what
 * getInputStream() and getOutputStream() return for every Socket, connected or accepted, on
 * JDK 17 and later. The tracked object is the Socket, their field parent.
 */
final class SocketStreamIo implements JdkTarget {
    private final boolean input;

    SocketStreamIo(boolean input) {
        this.input = input;
    }

    @Override
    public String typeName() {
        return input ? "java.net.Socket$SocketInputStream" : "java.net.Socket$SocketOutputStream";
    }

    @Override
    public List<MethodHooks> methods() {
        Value socket = Value.field("parent");
        if (input) {
            return List.of(IoCall.on("read", "()I", IoCall.SOCKET_READ, socket),
                    IoCall.on("read", "([BII)I", IoCall.SOCKET_READ, socket));
        }
        return List.of(IoCall.on("write", "(I)V", IoCall.SOCKET_WRITE, socket),
                IoCall.on("write", "([BII)V", IoCall.SOCKET_WRITE, socket));
    }
}

package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/** java.io.RandomAccessFile's reads and writes (readFully, readInt and the rest go through read()). */
final class RandomAccessFileIo implements JdkTarget {
    @Override
    public String typeName() {
        return "java.io.RandomAccessFile";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(IoCall.onThis("read", "()I", IoCall.READ), IoCall.onThis("read", "([B)I", IoCall.READ),
                IoCall.onThis("read", "([BII)I", IoCall.READ), IoCall.onThis("write", "(I)V", IoCall.WRITE),
                IoCall.onThis("write", "([B)V", IoCall.WRITE), IoCall.onThis("write", "([BII)V", IoCall.WRITE));
    }
}

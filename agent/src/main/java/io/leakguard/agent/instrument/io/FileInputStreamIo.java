package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/** java.io.FileInputStream's reads (the natives read0 and readBytes are reached only through these). */
final class FileInputStreamIo implements JdkTarget {
    @Override
    public String typeName() {
        return "java.io.FileInputStream";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(IoCall.onThis("read", "()I", IoCall.READ), IoCall.onThis("read", "([B)I", IoCall.READ),
                IoCall.onThis("read", "([BII)I", IoCall.READ), IoCall.onThis("readAllBytes", "()[B", IoCall.READ),
                IoCall.onThis("readNBytes", "(I)[B", IoCall.READ));
    }
}

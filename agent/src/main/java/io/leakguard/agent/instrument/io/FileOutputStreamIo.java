package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/** java.io.FileOutputStream's writes (the natives write and writeBytes are reached only through these). */
final class FileOutputStreamIo implements JdkTarget {
    @Override
    public String typeName() {
        return "java.io.FileOutputStream";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(IoCall.onThis("write", "(I)V", IoCall.WRITE), IoCall.onThis("write", "([B)V", IoCall.WRITE),
                IoCall.onThis("write", "([BII)V", IoCall.WRITE));
    }
}

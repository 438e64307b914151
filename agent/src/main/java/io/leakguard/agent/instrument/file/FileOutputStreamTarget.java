package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * java.io.FileOutputStream, opened by (File, boolean): every String/File constructor delegates to it; the FileDescriptor one wraps a descriptor someone else opened. Weaving only the constructor that opens keeps it to one stack walk per
 * object. Released by close().
 */
public final class FileOutputStreamTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.io.FileOutputStream";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(FileOpening.constructor("(Ljava/io/File;Z)V"), Hooks.release("close"));
    }
}

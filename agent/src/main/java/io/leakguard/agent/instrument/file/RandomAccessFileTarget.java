package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * java.io.RandomAccessFile, opened by its private (File, String, boolean) constructor, to which the public ones delegate (JDK 17 to 25). Weaving only the constructor that opens keeps it to one stack walk per
 * object. Released by close().
 */
public final class RandomAccessFileTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.io.RandomAccessFile";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(FileOpening.constructor("(Ljava/io/File;Ljava/lang/String;Z)V"), Hooks.release("close"));
    }
}

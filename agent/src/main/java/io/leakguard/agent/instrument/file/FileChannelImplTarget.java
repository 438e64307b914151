package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * sun.nio.ch.FileChannelImpl, the implementation behind FileChannel.open, Files.newByteChannel,
 * Files.newInputStream/newOutputStream/newBufferedReader/newBufferedWriter and Files.lines.
 * FileChannel itself is abstract, so the implementation is what we weave. A channel from a
 * stream's getChannel() has the stream as {@code parent} and shares its descriptor: the tracker
 * counts only the stream. Released by implCloseChannel(), which AbstractInterruptibleChannel
 * calls exactly once.
 */
public final class FileChannelImplTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "sun.nio.ch.FileChannelImpl";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                MethodHooks.constructors(Hook.exit("fileChannelOpened", "(" + Hooks.OBJECT + Hooks.OBJECT + Hooks.OBJECT + ")V",
                        Value.THIS, Value.field("path"), Value.field("parent"))),
                Hooks.release("implCloseChannel"));
    }
}

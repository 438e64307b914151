package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * sun.nio.fs.UnixDirectoryStream: an open directory (opendir) behind Files.newDirectoryStream,
 * Files.list and Files.walk. Released by closeImpl(), which both close() and the secure
 * directory stream that wraps it call. The description is the directory's path object (it does
 * not refer back to the stream, so the stream can still be collected).
 */
public final class UnixDirectoryStreamTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "sun.nio.fs.UnixDirectoryStream";
    }

    @Override
    public boolean appliesToRuntime() {
        return !System.getProperty("os.name", "").startsWith("Windows");
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(MethodHooks.constructors(Hooks.fileOpenedWith("dir")), Hooks.release("closeImpl", "()Z"));
    }
}

package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.util.zip.ZipFile, and with it JarFile. Every constructor ends in (File, int, Charset),
 * the one that opens (JDK 17 to 25). The class path's own jars are opened under the JDK's class
 * loaders and are recognised as JDK-owned by the site capture, so they are never reported.
 */
public final class ZipFileTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.util.zip.ZipFile";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                MethodHooks.method("<init>", "(Ljava/io/File;ILjava/nio/charset/Charset;)V",
                        Hook.exit("zipOpened", "(" + Hooks.OBJECT + ")V", Value.THIS)),
                Hooks.release("close"));
    }
}

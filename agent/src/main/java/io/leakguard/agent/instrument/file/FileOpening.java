package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;

/**
 * The opening constructor of FileInputStream, FileOutputStream and RandomAccessFile (all three
 * keep the path in a {@code path} field). Entry: in enforce mode at critical descriptor pressure
 * the open is refused before it happens, with the FileNotFoundException those constructors
 * already declare (it runs before the super call, so it touches nothing but its argument). Exit:
 * the file is open. When the open fails the exit hook simply never runs: nothing was opened.
 */
final class FileOpening {
    private FileOpening() {
    }

    static MethodHooks constructor(String descriptor) {
        return MethodHooks.method("<init>", descriptor,
                Hook.enter("fileOpening", "(" + Hooks.OBJECT + ")V", Value.arg(0)),
                Hooks.fileOpenedWith("path"));
    }
}

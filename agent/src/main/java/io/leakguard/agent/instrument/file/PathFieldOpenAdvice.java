package io.leakguard.agent.instrument.file;

import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Exit advice for the opening constructors of FileInputStream, FileOutputStream and
 * RandomAccessFile: all three keep the path in a {@code path} field.
 * Constructors cannot take onThrowable: when the open fails, the exit advice simply never runs,
 * which is what we want (nothing was opened).
 */
final class PathFieldOpenAdvice {
    private PathFieldOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path) {
        Tracker.fileOpened(self, path);
    }
}

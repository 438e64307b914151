package io.leakguard.agent.instrument.file;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * sun.nio.fs.UnixDirectoryStream: an open directory (opendir) behind Files.newDirectoryStream,
 * Files.list and Files.walk. Released by closeImpl(), which both close() and the secure
 * directory stream that wraps it call. The description is the directory's path object (it does
 * not refer back to the stream, so the stream can still be collected).
 */
public final class UnixDirectoryStreamTarget implements Target {
    @Override
    public String typeName() {
        return "sun.nio.fs.UnixDirectoryStream";
    }

    @Override
    public boolean appliesToRuntime() {
        return !System.getProperty("os.name", "").startsWith("Windows");
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Open.class).on(isConstructor()),
                Advices.to(ReleaseAdvice.class).on(named("closeImpl")));
    }

    static final class Open {
        private Open() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("dir") Object dir) {
            Tracker.fileOpened(self, dir);
        }
    }
}

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
 * sun.nio.ch.FileChannelImpl, the implementation behind FileChannel.open, Files.newByteChannel,
 * Files.newInputStream/newOutputStream/newBufferedReader/newBufferedWriter and Files.lines.
 * FileChannel itself is abstract, so the implementation is what we advise. A channel from a
 * stream's getChannel() has the stream as {@code parent} and shares its descriptor: the tracker
 * counts only the stream. Released by implCloseChannel(), which AbstractInterruptibleChannel
 * calls exactly once.
 */
public final class FileChannelImplTarget implements Target {
    @Override
    public String typeName() {
        return "sun.nio.ch.FileChannelImpl";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Open.class).on(isConstructor()),
                Advices.to(ReleaseAdvice.class).on(named("implCloseChannel")));
    }

    static final class Open {
        private Open() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path,
                         @Advice.FieldValue("parent") Object parent) {
            Tracker.fileChannelOpened(self, path, parent);
        }
    }
}

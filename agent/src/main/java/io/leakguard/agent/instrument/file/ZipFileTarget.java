package io.leakguard.agent.instrument.file;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.Tracker;
import java.io.File;
import java.nio.charset.Charset;
import java.util.zip.ZipFile;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.util.zip.ZipFile, and with it JarFile. Every constructor ends in (File, int, Charset),
 * the one that opens (JDK 17 to 25). The class path's own jars are opened under the JDK's class
 * loaders and are recognised as JDK-owned by the site capture, so they are never reported.
 */
public final class ZipFileTarget implements Target {
    @Override
    public String typeName() {
        return "java.util.zip.ZipFile";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Open.class).on(isConstructor().and(takesArguments(File.class, int.class, Charset.class))),
                Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments())));
    }

    static final class Open {
        private Open() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ZipFile self) {
            Tracker.fileOpened(self, self.getName());
        }
    }
}

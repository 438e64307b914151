package io.leakguard.agent.instrument.file;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import java.io.File;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.io.FileInputStream, opened by (File): the String constructor delegates to it; the FileDescriptor one wraps a descriptor someone else opened. Advising only the constructor that
 * opens keeps it to one stack walk per object. Released by close().
 */
public final class FileInputStreamTarget implements Target {
    @Override
    public String typeName() {
        return "java.io.FileInputStream";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(PressureCheckAdvice.class).on(isConstructor().and(takesArguments(File.class))),
                Advices.to(PathFieldOpenAdvice.class).on(isConstructor().and(takesArguments(File.class))),
                Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments())));
    }
}

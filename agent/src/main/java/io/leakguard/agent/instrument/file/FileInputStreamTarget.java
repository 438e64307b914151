package io.leakguard.agent.instrument.file;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import java.io.File;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/** java.io.FileInputStream: opened by its File and String constructors (not the FileDescriptor one, which wraps a descriptor someone else opened); released by close(). */
public final class FileInputStreamTarget implements Target {
    @Override
    public String typeName() {
        return "java.io.FileInputStream";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(PathFieldOpenAdvice.class).on(isConstructor()
                        .and(takesArgument(0, File.class).or(takesArgument(0, String.class)))),
                Advice.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments())));
    }
}

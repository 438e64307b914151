package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * A JDK channel implementation: acquired when constructed, released by the close hook the
 * channel's close() calls exactly once. Each subclass names one type.
 */
abstract class ChannelTarget implements Target {
    private final String typeName;
    private final String kind;
    private final String closeMethod;

    ChannelTarget(String typeName, String kind, String closeMethod) {
        this.typeName = typeName;
        this.kind = kind;
        this.closeMethod = closeMethod;
    }

    @Override
    public final String typeName() {
        return typeName;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.withCustomMapping().bind(ChannelOpenAdvice.Kind.class, kind)
                        .to(ChannelOpenAdvice.class).on(isConstructor()),
                Advices.to(ReleaseAdvice.class).on(named(closeMethod).and(takesNoArguments())));
    }
}

package io.leakguard.agent.instrument.socket;

import io.leakguard.bootstrap.Tracker;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;

/**
 * Constructor exit advice shared by the JDK's channel implementations: the descriptor exists
 * once the constructor returns. The kind is a constant bound per target ({@link Kind}), so one
 * advice serves them all.
 */
final class ChannelOpenAdvice {
    private ChannelOpenAdvice() {
    }

    /** Bound to the resource kind (socketchannel, selector, ...) by each target. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Kind {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Kind String kind) {
        Tracker.socketOpened(self, kind, null);
    }
}

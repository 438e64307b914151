package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.Tracker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * sun.nio.ch.DatagramChannelImpl: DatagramChannel.open(), and DatagramSocket, which JDK 17+ builds on a DatagramChannel. Acquired when constructed (the descriptor is created then),
 * released by implCloseSelectableChannel(), which the channel's close() calls once.
 */
public final class DatagramChannelImplTarget implements Target {
    @Override
    public String typeName() {
        return "sun.nio.ch.DatagramChannelImpl";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(Open.class).on(isConstructor()),
                Advice.to(ReleaseAdvice.class).on(named("implCloseSelectableChannel")));
    }

    static final class Open {
        private Open() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Tracker.socketOpened(self, "datagram", null);
        }
    }
}

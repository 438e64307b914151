package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.bootstrap.Tracker;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * sun.nio.ch.ServerSocketChannelImpl: ServerSocketChannel.open(). The channels its accept()
 * returns (and blockingAccept, behind ServerSocketChannel.socket().accept()) are tracked as
 * SocketChannelImpl constructions; here they are marked as the server's.
 */
public final class ServerSocketChannelImplTarget extends ChannelTarget {
    public ServerSocketChannelImplTarget() {
        super("sun.nio.ch.ServerSocketChannelImpl", "serverchannel", "implCloseSelectableChannel");
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(super.advice(),
                Advices.to(Accepted.class).on(named("accept").or(named("blockingAccept"))
                        .and(returns(SocketChannel.class))));
    }

    static final class Accepted {
        private Accepted() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object channel) {
            Tracker.socketAccepted(channel, true);
        }
    }
}

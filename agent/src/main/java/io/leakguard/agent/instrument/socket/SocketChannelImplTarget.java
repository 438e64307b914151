package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.bootstrap.NetPolicy;
import java.io.IOException;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * sun.nio.ch.SocketChannelImpl: SocketChannel.open() and the channels ServerSocketChannel.accept()
 * returns. In enforce mode its connect(address) also goes through the circuit breaker and the
 * socket quotas, and a blocking connect, which has no timeout of its own, gets a watchdog that
 * ends it after net.connect-timeout (reported as a SocketTimeoutException).
 */
public final class SocketChannelImplTarget extends ChannelTarget {
    public SocketChannelImplTarget() {
        super("sun.nio.ch.SocketChannelImpl", "socketchannel", "implCloseSelectableChannel");
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(super.advice(),
                Advices.to(Connect.class).on(named("connect").and(takesArguments(SocketAddress.class))));
    }

    static final class Connect {
        private Connect() {
        }

        /** Not suppressed: an open circuit or a quota refusal must reach the caller. */
        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object self, @Advice.Argument(0) Object endpoint) throws IOException {
            return NetPolicy.beforeChannelConnect(self, endpoint);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object endpoint, @Advice.Enter Object watchdog,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            thrown = NetPolicy.afterChannelConnect(endpoint, watchdog, thrown);
        }
    }
}

package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.NetPolicy;
import io.leakguard.bootstrap.Tracker;
import java.io.IOException;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.net.Socket: acquired by connect(address, timeout) (every constructor and connect overload
 * ends there) or by bind (created and bound, maybe never connected); released by close(). The
 * socket adaptor of a SocketChannel overrides these, so a channel is counted once, as a channel.
 */
public final class SocketTarget implements Target {
    @Override
    public String typeName() {
        return "java.net.Socket";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Connected.class).on(named("connect").and(takesArguments(SocketAddress.class, int.class))),
                Advices.to(Bound.class).on(named("bind").and(takesArguments(SocketAddress.class))),
                Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments())));
    }

    /**
     * Enter: in enforce mode the circuit breaker may refuse at once (a ConnectException, not
     * suppressed), and a timeout of 0 becomes net.connect-timeout. Exit: the outcome feeds the
     * breaker; a connected socket is tracked and gets net.read-timeout if it has none.
     */
    static final class Connected {
        private Connected() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object endpoint,
                          @Advice.Argument(value = 1, readOnly = false) int timeout) throws IOException {
            timeout = NetPolicy.beforeConnect(endpoint, timeout);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) Object endpoint, @Advice.Thrown Throwable thrown) {
            NetPolicy.afterConnect(self, endpoint, thrown);
        }
    }

    static final class Bound {
        private Bound() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Tracker.socketOpened(self, "socket", null);
        }
    }
}

package io.leakguard.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.leakguard.agent.instrument.Advices;
import io.leakguard.agent.instrument.ReleaseAdvice;
import io.leakguard.agent.instrument.Target;
import io.leakguard.bootstrap.Tracker;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * java.net.ServerSocket: acquired by bind(address, backlog) (the port constructors call it);
 * the sockets its accept() returns are acquisitions too, at the accepting line; released by
 * close().
 */
public final class ServerSocketTarget implements Target {
    @Override
    public String typeName() {
        return "java.net.ServerSocket";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advices.to(Bound.class).on(named("bind").and(takesArguments(SocketAddress.class, int.class))),
                Advices.to(Accepted.class).on(named("accept").and(takesNoArguments())),
                Advices.to(ReleaseAdvice.class).on(named("close").and(takesNoArguments())));
    }

    static final class Bound {
        private Bound() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Tracker.socketOpened(self, "serversocket", null);
        }
    }

    static final class Accepted {
        private Accepted() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object socket) {
            Tracker.socketAccepted(socket, false);
        }
    }
}

package io.leakguard.agent.instrument.socket;

/** sun.nio.ch.EPollSelectorImpl: what Selector.open() returns on Linux (an epoll descriptor and a wake-up descriptor). */
public final class EPollSelectorImplTarget extends ChannelTarget {
    public EPollSelectorImplTarget() {
        super("sun.nio.ch.EPollSelectorImpl", "selector", "implClose");
    }

    @Override
    public boolean appliesToRuntime() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }
}

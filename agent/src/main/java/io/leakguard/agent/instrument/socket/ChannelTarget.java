package io.leakguard.agent.instrument.socket;

import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDK channel implementation: acquired when constructed (the descriptor exists once the
 * constructor returns), released by the close hook the channel's close() calls exactly once.
 * Each subclass names one type and the kind of resource it is.
 */
abstract class ChannelTarget implements JdkTarget {
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
    public List<MethodHooks> methods() {
        List<MethodHooks> m = new ArrayList<>();
        m.add(MethodHooks.constructors(Hooks.socketOpened(kind)));
        m.add(Hooks.release(closeMethod));
        m.addAll(more());
        return m;
    }

    /** What a subclass weaves besides opening and closing. */
    List<MethodHooks> more() {
        return List.of();
    }
}

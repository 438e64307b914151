package io.leakguard.agent.instrument.thread;

import io.leakguard.agent.instrument.weave.JdkTarget;
import java.util.List;

/** The thread family's targets, in one list for the agent to install. */
public final class ThreadTargets {
    private ThreadTargets() {
    }

    public static List<JdkTarget> all() {
        return List.of(new ThreadTarget(), new ThreadPoolExecutorTarget(), new DelegatedExecutorServiceTarget());
    }
}

package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.AgentErrors;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Retransforming loaded classes goes in batches, and the JVM rejects a whole batch when one class
 * in it fails (a class being defined at that moment, one another agent changed in a way ours
 * cannot follow). Byte Buddy's splitting reallocator retries the halves down to single classes;
 * this listener reports, through the agent's error channel, the classes that still failed, so a
 * type left untracked is never silent.
 */
final class RetransformFailures extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
    @Override
    public void onComplete(int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
        for (Map.Entry<List<Class<?>>, Throwable> f : failures.entrySet()) {
            if (f.getKey().size() == 1) {
                AgentErrors.record("retransforming " + f.getKey().get(0).getName(), f.getValue());
            }
        }
    }

    @Override
    public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
                                                     List<Class<?>> types) {
        return Collections.emptyList();
    }
}

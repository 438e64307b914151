package io.leakguard.agent.instrument.thread;

import io.leakguard.agent.instrument.weave.Hook;
import io.leakguard.agent.instrument.weave.Hooks;
import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * java.util.concurrent.ThreadPoolExecutor (and so ScheduledThreadPoolExecutor and every
 * Executors.new*ThreadPool): the canonical constructor, which every other one calls, records where
 * the executor was created; addWorker, inside which a worker thread is started (lazily, on
 * whichever thread submitted a task), marks that start as the executor's, so the worker is
 * reported at the executor's line rather than at the submit that happened to create it.
 */
final class ThreadPoolExecutorTarget implements JdkTarget {
    @Override
    public String typeName() {
        return "java.util.concurrent.ThreadPoolExecutor";
    }

    @Override
    public List<MethodHooks> methods() {
        String sig = "(" + Hooks.OBJECT + ")V";
        return List.of(
                MethodHooks.method("<init>", "(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;"
                        + "Ljava/util/concurrent/ThreadFactory;Ljava/util/concurrent/RejectedExecutionHandler;)V",
                        Hook.exit("executorCreated", sig, Value.THIS)),
                MethodHooks.method("addWorker", "(Ljava/lang/Runnable;Z)Z",
                        Hook.enter("workerAdding", sig, Value.THIS),
                        Hook.exit("workerAdded", "()V"),
                        Hook.thrown("workerAdded", "()V")));
    }
}

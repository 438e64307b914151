package io.leakguard.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leakguard.agent.finding.Finding;
import io.leakguard.apps.blocking.ApplicationBlocker;
import io.leakguard.apps.blocking.ApplicationCaller;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real threads blocked on a real monitor, read through the JVM's thread information. The agent's
 * own threads wait for each other (its pressure monitor for the scanner's lock while a scan runs
 * under heavy GC): such a wait is never a finding, while the same wait on an application's thread
 * is, also when an agent hook stands between the application's code and the code that waits (a
 * hook calling a driver's synchronized method: a hang the agent caused is not hidden).
 */
class MonitorWaitsTest {
    @Test
    void anAgentThreadsWaitIsNeverAFindingAnApplicationThreadsIs() throws Exception {
        Object lock = new Object();
        Thread agentSide = new Thread(new AgentSideWaiter(lock), "leakguard-pressure-like");
        Thread applicationSide = new Thread(new ApplicationBlocker(lock), "application-worker");
        Thread throughAHook = new Thread(new ApplicationCaller(new AgentHook(new ApplicationBlocker(lock))),
                "application-through-a-hook");
        List<Finding> out = new ArrayList<>();
        synchronized (lock) {
            agentSide.start();
            applicationSide.start();
            throughAHook.start();
            awaitBlocked(agentSide);
            awaitBlocked(applicationSide);
            awaitBlocked(throughAHook);
            MonitorWaits waits = new MonitorWaits(new Deadlocks());
            long now = System.currentTimeMillis();
            waits.check(out, now, 1, 1);
            waits.check(out, now + 10, 1, 1);
        }
        agentSide.join();
        applicationSide.join();
        throughAHook.join();
        assertEquals(List.of("application-through-a-hook", "application-worker"),
                out.stream().map(f -> f.thread).sorted().toList(), out.toString());
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.BLOCKED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t.getName() + " never blocked: " + t.getState());
            }
            Thread.sleep(5);
        }
    }

    /** An agent hook on an application's thread that calls the application's (or a driver's) code. */
    private static final class AgentHook implements Runnable {
        private final Runnable application;

        AgentHook(Runnable application) {
            this.application = application;
        }

        @Override
        public void run() {
            application.run();
        }
    }

    /** Runs an agent package's code, as every leakguard thread does. */
    private static final class AgentSideWaiter implements Runnable {
        private final Object lock;

        AgentSideWaiter(Object lock) {
            this.lock = lock;
        }

        @Override
        public void run() {
            synchronized (lock) {
                lock.hashCode();
            }
        }
    }
}

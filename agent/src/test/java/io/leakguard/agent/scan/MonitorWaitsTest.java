package io.leakguard.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leakguard.agent.finding.Finding;
import io.leakguard.apps.blocking.ApplicationBlocker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real threads blocked on a real monitor, read through the JVM's thread information. The agent's
 * own threads wait for each other (its pressure monitor for the scanner's lock while a scan runs
 * under heavy GC): such a wait is never a finding, while the same wait on an application's thread
 * is.
 */
class MonitorWaitsTest {
    @Test
    void anAgentThreadsWaitIsNeverAFindingAnApplicationThreadsIs() throws Exception {
        Object lock = new Object();
        Thread agentSide = new Thread(new AgentSideWaiter(lock), "leakguard-pressure-like");
        Thread applicationSide = new Thread(new ApplicationBlocker(lock), "application-worker");
        List<Finding> out = new ArrayList<>();
        synchronized (lock) {
            agentSide.start();
            applicationSide.start();
            awaitBlocked(agentSide);
            awaitBlocked(applicationSide);
            MonitorWaits waits = new MonitorWaits(new Deadlocks());
            long now = System.currentTimeMillis();
            waits.check(out, now, 1, 1);
            waits.check(out, now + 10, 1, 1);
        }
        agentSide.join();
        applicationSide.join();
        assertEquals(List.of("application-worker"), out.stream().map(f -> f.thread).toList(), out.toString());
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

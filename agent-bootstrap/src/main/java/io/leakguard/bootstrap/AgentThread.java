package io.leakguard.bootstrap;

/**
 * Every thread leakguard starts is one of these, so the tracker can tell the agent's own work
 * (report files, scans) from the application's with one instanceof check. The one exception is
 * the weaver's warm-up at premain, which starts before this class is defined and is waited for
 * before anything is tracked.
 */
public final class AgentThread extends Thread {
    public AgentThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }
}

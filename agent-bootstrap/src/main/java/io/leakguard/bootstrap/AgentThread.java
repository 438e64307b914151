package io.leakguard.bootstrap;

/**
 * Every thread leakguard starts is one of these, so the tracker can tell the agent's own work
 * (report files, scans) from the application's with one instanceof check.
 */
public final class AgentThread extends Thread {
    public AgentThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }
}

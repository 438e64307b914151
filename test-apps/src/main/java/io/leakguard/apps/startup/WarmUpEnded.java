package io.leakguard.apps.startup;

/**
 * Counts, in main()'s first line, the live threads of the agent's weaver warm-up: premain waits
 * for that thread before it instruments anything, so none may be left by the time the program
 * runs (a thread of the agent's that is not an AgentThread, still reading class files after
 * tracking began, would have them counted as the program's).
 */
public final class WarmUpEnded {
    private WarmUpEnded() {
    }

    public static void main(String[] args) {
        int alive = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("leakguard-warm-up") && t.isAlive()) {
                alive++;
            }
        }
        System.out.println("warm-up threads alive at main: " + alive);
    }
}

package io.leakguard.agent;

/**
 * The agent's answer to an attach, for the CLI that asked. agentmain cannot return anything, and
 * a throwing agentmain reaches the attaching side only as "agent failed to initialize" (and
 * prints a stack trace on the application's stderr), so the answer goes into a system property
 * the CLI reads after loadAgent: a sequence number (so a CLI never takes an earlier attach's
 * answer for its own), "ok" or "refused", and the one line the agent also printed.
 *
 * <p>Properties under {@code io.leakguard.}, not {@code leakguard.}: those would be read back as
 * options by the next attach.
 */
public final class AttachAnswer {
    /** "&lt;n&gt; ok|refused &lt;message&gt;", replaced by every agentmain. */
    public static final String PROPERTY = "io.leakguard.agent.answer";
    /**
     * {@link BuildInfo#ID} of the leakguard classes this JVM loaded. Kept after a detach: the
     * classes stay loaded, and a later attach, whatever its jar, runs them.
     */
    public static final String LOADED_BUILD_PROPERTY = "io.leakguard.agent.build";

    private AttachAnswer() {
    }

    static void ok(String message) {
        publish("ok", message);
    }

    static void refused(String message) {
        publish("refused", message);
    }

    private static void publish(String outcome, String message) {
        try {
            // agentmain runs on the one attach listener thread: no two answers race.
            long n = 1;
            String before = System.getProperty(PROPERTY);
            if (before != null && before.indexOf(' ') > 0) {
                n = Long.parseLong(before.substring(0, before.indexOf(' '))) + 1;
            }
            System.setProperty(PROPERTY, n + " " + outcome + " " + message.replace('\n', ' '));
        } catch (RuntimeException e) {
            // A security manager or a garbled property: the CLI then says it got no answer.
        }
    }
}

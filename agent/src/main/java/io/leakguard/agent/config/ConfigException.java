package io.leakguard.agent.config;

/** A configuration problem, already phrased as the one line the user will read. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}

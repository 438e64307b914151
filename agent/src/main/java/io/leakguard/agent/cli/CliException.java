package io.leakguard.agent.cli;

/** A failure the CLI reports as one plain line and a non-zero exit. */
final class CliException extends Exception {
    CliException(String message) {
        super(message);
    }
}

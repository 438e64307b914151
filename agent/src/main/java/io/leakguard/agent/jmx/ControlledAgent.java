package io.leakguard.agent.jmx;

import io.leakguard.agent.config.Config;
import io.leakguard.agent.config.ConfigException;
import io.leakguard.agent.metrics.MetricsSnapshot;
import io.leakguard.agent.report.ScanState;
import java.util.Map;

/**
 * The running agent as the MBean sees it: read, changed live, taken out. Implemented by the
 * agent runtime, which registers the MBean; the MBean does not depend on the runtime back.
 */
public interface ControlledAgent {
    /** The running agent's version, from its jar's manifest. */
    String version();

    Config config();

    /** Every exported number, now. */
    MetricsSnapshot metrics();

    /** The leak scan's thresholds, exemptions and findings so far, for the live report. */
    ScanState scan();

    /** Descriptors open when the agent attached (null when started with the JVM). */
    Map<Integer, String> fdsAtAttach();

    /** Applies key=value changes live; returns a one-line account of what changed. */
    String change(String changes) throws ConfigException;

    /** Takes the agent out; returns what was done. */
    String detach();
}

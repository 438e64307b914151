package io.leakguard.agent.jmx;

/**
 * {@code io.leakguard:type=Agent}: what the agent sees and the knobs it exposes. The CLI's
 * report, set and detach go through it over the local attach connection; jconsole and VisualVM
 * users can use it directly.
 */
public interface AgentControlMXBean {
    String getVersion();

    String getMode();

    /** monitor, enforce or ci; takes effect at once. */
    void setMode(String mode);

    String getLeakWarn();

    void setLeakWarn(String duration);

    String getLeakCritical();

    void setLeakCritical(String duration);

    String getScanInterval();

    void setScanInterval(String duration);

    /** Definite leaks and reclaims so far, one "[kind] count x type at site" per line. */
    String getFindings();

    /** Every setting, key=value, one per line. */
    String getSettings();

    int getOpenFiles();

    int getOpenJdbc();

    /**
     * Every exported metric, as the Prometheus endpoint names it (name{labels} -> value): open
     * resources, acquisitions and releases per family, leaks by kind, refusals, reclaims, lock
     * waits, pressure levels, agent errors.
     */
    java.util.Map<String, Double> getMetrics();

    /** Pressure per resource: "fd=normal (12 %), jdbc=normal (0 %), heap=elevated (74 %)". */
    String getPressure();

    long getLeaksTotal();

    long getQuotaRefusals();

    long getReclaims();

    long getLockWaits();

    /** Problems inside the agent itself (counted, each reported once on stderr). */
    long getAgentErrors();

    /** The live table of open resources; family is file, jdbc or empty for all. */
    String report(String family, boolean json);

    /** The same table as one self-contained HTML page (the ci run's report.html renderer); family as for report. */
    String reportHtml(String family);

    /** Changes settings (key=value,key=value); returns what changed, or fails naming the key. */
    String set(String changes);

    /** Removes the instrumentation and stops tracking; the application goes on. */
    String detach();
}

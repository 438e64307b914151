package io.leakguard.apps.defenses;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** What a test program reads of the agent in its own JVM, through the agent's MBean: findings so far, metrics, the live report. */
public final class AgentView {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private AgentView() {
    }

    private static ObjectName name() throws Exception {
        return new ObjectName("io.leakguard:type=Agent");
    }

    /** The agent's findings so far ("[kind] n x type at site" lines), or "" before it is registered. */
    static String findings() throws Exception {
        return SERVER.isRegistered(name()) ? (String) SERVER.getAttribute(name(), "Findings") : "";
    }

    /** Polls findings() until it contains text or the deadline passes; true if it did. */
    static boolean awaitFinding(String text, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (findings().contains(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Polls the agent's pressure levels ("fd=normal (3 %), jdbc=critical (95 %), ...") until one
     * reads {@code resource=level} or the deadline passes; true if it did. For a program that must
     * act once the monitor has looked, however late its thread runs, instead of sleeping a tick.
     */
    public static boolean awaitPressure(String resource, String level, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        String wanted = resource + "=" + level + " ";
        while (System.nanoTime() < deadline) {
            if (SERVER.isRegistered(name()) && ((String) SERVER.getAttribute(name(), "Pressure")).contains(wanted)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    static Map<String, Double> metrics() throws Exception {
        Map<String, Double> m = new HashMap<>();
        if (SERVER.isRegistered(name())) {
            for (Object row : ((TabularData) SERVER.getAttribute(name(), "Metrics")).values()) {
                CompositeData c = (CompositeData) row;
                m.put((String) c.get("key"), (Double) c.get("value"));
            }
        }
        return m;
    }

    /** The live report (as `report <pid>` prints it). */
    static String liveReport() throws Exception {
        return (String) SERVER.invoke(name(), "report", new Object[] {"", false},
                new String[] {String.class.getName(), boolean.class.getName()});
    }
}

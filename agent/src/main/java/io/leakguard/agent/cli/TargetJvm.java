package io.leakguard.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.leakguard.agent.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A JVM on this machine, reached through the attach API; every failure is one plain line. */
final class TargetJvm implements AutoCloseable {
    static final String MBEAN = "io.leakguard:type=Agent";

    final String pid;
    final VirtualMachine vm;
    private JMXConnector jmx;

    private TargetJvm(String pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    static TargetJvm attach(String pid) throws CliException {
        if (!pid.matches("\\d+")) {
            throw new CliException("'" + pid + "' is not a process id (see: java -jar leakguard-agent.jar list)");
        }
        if (Files.isDirectory(Paths.get("/proc")) && !Files.exists(Paths.get("/proc", pid))) {
            throw new CliException("no process with PID " + pid + " on this machine");
        }
        AttachableJvm.check(pid);
        try {
            return new TargetJvm(pid, VirtualMachine.attach(pid));
        } catch (AttachNotSupportedException e) {
            throw new CliException("the JVM " + pid + " refuses attach (another user's JVM, or one started with "
                    + "-XX:+DisableAttachMechanism): " + e.getMessage());
        } catch (IOException e) {
            throw new CliException("cannot attach to " + pid + ": " + e.getMessage()
                    + " (a different user's process needs that user, or root)");
        }
    }

    Properties systemProperties() throws CliException {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new CliException("cannot read the system properties of " + pid + ": " + e.getMessage());
        }
    }

    String agentProperty(String key) {
        try {
            return vm.getAgentProperties().getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }

    /** The leakguard version loaded in the target, or null. */
    String leakguardVersion() throws CliException {
        return systemProperties().getProperty(ConfigLoader.AGENT_VERSION_PROPERTY);
    }

    MBeanServerConnection mbeans() throws CliException {
        try {
            if (jmx == null) {
                String address = vm.startLocalManagementAgent();
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
            }
            return jmx.getMBeanServerConnection();
        } catch (IOException e) {
            throw new CliException("cannot reach the management agent of " + pid + ": " + e.getMessage());
        }
    }

    Object invoke(String operation, Object[] args, String[] types) throws CliException {
        if (leakguardVersion() == null) {
            throw new CliException("leakguard is not running in " + pid + " (attach first: java -jar leakguard-agent.jar attach "
                    + pid + ")");
        }
        try {
            ObjectName name = new ObjectName(MBEAN);
            // The agent registers its MBean on a background thread just after start: give it a moment.
            for (int i = 0; i < 50 && !mbeans().isRegistered(name); i++) {
                Thread.sleep(100);
            }
            return mbeans().invoke(name, operation, args, types);
        } catch (javax.management.RuntimeMBeanException e) {
            throw new CliException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } catch (Exception e) {
            throw new CliException("the leakguard MBean in " + pid + " failed: " + e);
        }
    }

    void loadAgent(Path jar, String args) throws CliException {
        try {
            vm.loadAgent(jar.toString(), args);
        } catch (Exception e) {
            throw new CliException("loading the agent into " + pid + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException ignored) {
            // Best effort.
        }
        try {
            vm.detach();
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}

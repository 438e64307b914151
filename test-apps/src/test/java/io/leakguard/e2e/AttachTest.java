package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.leakguard.apps.attach.AttachTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.RuntimeMBeanException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The on-call path: a JVM started without the agent; the CLI attaches to it, reports what it
 * holds (with sites, and what was open before the attach), changes a threshold live, refuses a
 * bad one, attaches again without instrumenting twice, and detaches, leaving it running.
 */
import org.junit.jupiter.api.io.TempDir;

class AttachTest {
    private static AgentCli cli(Path jdk, String... args) throws Exception {
        return AgentCli.run(jdk, args);
    }

    @OnEachJdk
    void attachReportSetAttachAgainAndDetach(Path jdk, @TempDir Path tmp) throws Exception {
        int leakLine = SourceMarkers.of(AttachTarget.class).get("tick");
        String site = AttachTarget.class.getName() + ".leakOne(AttachTarget.java:" + leakLine + ")";
        Path dir = tmp;
        Path stop = dir.resolve("stop");
        Path err = dir.resolve("target-stderr.txt");
        Process target = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-Djava.io.tmpdir=" + dir, "-cp",
                JvmRun.APP_CLASSES,
                AttachTarget.class.getName(), stop.toString()).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = Pattern.compile("AttachTarget pid (\\d+) holding (\\S+)").matcher(first);
            assertTrue(m.find(), first);
            String pid = m.group(1);
            String heldBefore = m.group(2);

            AgentCli list = cli(jdk, "list");
            assertEquals(0, list.exit, list.toString());
            assertTrue(list.out.contains(pid) && list.out.contains("AttachTarget"), list.toString());

            AgentCli attach = cli(jdk, "attach", pid, "scan.interval=250ms");
            assertEquals(0, attach.exit, attach.toString());
            assertTrue(attach.out.contains("leakguard attached to " + pid), attach.toString());
            if (jdk.toString().contains("temurin-25")) {
                assertTrue(attach.out.contains("-XX:+EnableDynamicAgentLoading"), "JDK 21+ note expected:\n" + attach);
            }
            Thread.sleep(1500);

            AgentCli report = cli(jdk, "report", pid);
            assertEquals(0, report.exit, report.toString());
            Matcher row = Pattern.compile("ok\\s+file\\s+(\\d+)\\s+.*\\s" + Pattern.quote(site)).matcher(report.out);
            assertTrue(row.find(), "the leak with its site:\n" + report);
            assertTrue(Integer.parseInt(row.group(1)) >= 3, report.toString());
            assertTrue(report.out.contains("open before leakguard attached") && report.out.contains(heldBefore),
                    "the file held since before the attach:\n" + report);
            assertFalse(report.out.contains("leakguard-agent.jar") || report.out.contains("leakguard-bootstrap-"),
                    "the agent's own files are never listed:\n" + report);

            AgentCli json = cli(jdk, "report", pid, "--json", "--family=file");
            assertEquals(0, json.exit, json.toString());
            assertTrue(Json.texts(Json.parse(json.out.trim())).stream().anyMatch(t -> t.contains(site)), json.toString());

            // Live control is off by default: set and detach are refused, through the CLI and through
            // JMX (whoever has JMX write access is not necessarily the JVM's own user).
            AgentCli refused = cli(jdk, "set", pid, "mode=enforce");
            assertEquals(1, refused.exit, refused.toString());
            assertEquals(1, refused.out.trim().lines().count(), refused.toString());
            assertTrue(refused.out.contains("jmx.control=off") && refused.out.contains("attach " + pid + " jmx.control=on"),
                    refused.toString());
            AgentCli stay = cli(jdk, "detach", pid);
            assertEquals(1, stay.exit, stay.toString());
            assertTrue(stay.out.contains("detach refused") && stay.out.contains("jmx.control=on"), stay.toString());
            VirtualMachine readOnly = VirtualMachine.attach(pid);
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(readOnly.startLocalManagementAgent()))) {
                MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
                ObjectName agent = new ObjectName("io.leakguard:type=Agent");
                RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                        () -> mbeans.setAttribute(agent, new Attribute("Mode", "enforce")));
                assertTrue(e.getCause().getMessage().contains("jmx.control"), e.getCause().toString());
                e = assertThrows(RuntimeMBeanException.class, () -> mbeans.invoke(agent, "detach", new Object[0], new String[0]));
                assertTrue(e.getCause().getMessage().contains("jmx.control"), e.getCause().toString());
                assertEquals("monitor", mbeans.getAttribute(agent, "Mode"));
                assertTrue((Integer) mbeans.getAttribute(agent, "OpenFiles") >= 3, "reading is still allowed");
            } finally {
                readOnly.detach();
            }
            assertTrue(cli(jdk, "report", pid).out.contains(site), "still attached and tracking");

            // The JVM's own user turns it on through the attach CLI.
            AgentCli control = cli(jdk, "attach", pid, "jmx.control=on");
            assertEquals(0, control.exit, control.toString());
            assertTrue(control.out.contains("changed jmx.control=on"), control.toString());

            AgentCli bad = cli(jdk, "set", pid, "leak.warn=soon");
            assertEquals(1, bad.exit, bad.toString());
            assertEquals(1, bad.out.trim().lines().count(), bad.toString());
            assertTrue(bad.out.contains("'leak.warn'") && bad.out.contains("nothing was changed"), bad.toString());

            AgentCli set = cli(jdk, "set", pid, "leak.warn=1s,leak.critical=1h");
            assertEquals(0, set.exit, set.toString());
            assertTrue(set.out.contains("changed leak.warn=1s, leak.critical=1h"), set.toString());
            Thread.sleep(300);
            AgentCli warned = cli(jdk, "report", pid, "--family=file");
            assertTrue(Pattern.compile("warn\\s+file\\s+\\d+\\s+.*" + Pattern.quote(site)).matcher(warned.out).find(),
                    "the new threshold applies:\n" + warned);

            // The same MBean, as jconsole sees it: counts and a settable threshold.
            VirtualMachine vm = VirtualMachine.attach(pid);
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
                ObjectName agent = new ObjectName("io.leakguard:type=Agent");
                assertTrue((Integer) mbeans.getAttribute(agent, "OpenFiles") >= 3);
                mbeans.setAttribute(agent, new Attribute("LeakWarn", "2s"));
                assertEquals("2s", mbeans.getAttribute(agent, "LeakWarn"));
                assertEquals("monitor", mbeans.getAttribute(agent, "Mode"));
            } finally {
                vm.detach();
            }

            AgentCli again = cli(jdk, "attach", pid);
            assertEquals(0, again.exit, again.toString());
            assertTrue(again.out.contains("already running") && again.out.contains("not instrumented twice"), again.toString());

            AgentCli detach = cli(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            assertTrue(detach.out.contains("detached; original bytecode restored"), detach.toString());
            AgentCli after = cli(jdk, "report", pid);
            assertEquals(1, after.exit, after.toString());
            assertTrue(after.out.contains("leakguard is not running in " + pid), after.toString());
            assertTrue(target.isAlive(), "the application keeps running after detach");

            Files.createFile(stop);
            assertTrue(target.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, target.exitValue());
            String rest = out.readLine();
            assertTrue(rest != null && rest.startsWith("AttachTarget done after"), String.valueOf(rest));
            String stderr = Files.readString(err);
            assertEquals(1, stderr.lines().filter(l -> l.startsWith("leakguard 0.")).count(),
                    "started once, not twice:\n" + stderr);
            assertFalse(stderr.contains("leakguard: internal error"), stderr);
            assertFalse(stderr.contains("exit report"), "a detached agent writes no exit report:\n" + stderr);
        } finally {
            target.destroyForcibly();
        }
    }

    @OnEachJdk
    void plainErrorsForBadTargets(Path jdk, @TempDir Path tmp) throws Exception {
        AgentCli none = cli(jdk, "report", "999999999");
        assertEquals(1, none.exit, none.toString());
        assertEquals(1, none.out.trim().lines().count(), none.toString());
        assertTrue(none.out.startsWith("leakguard: no process with PID 999999999"), none.toString());

        AgentCli word = cli(jdk, "attach", "abc");
        assertEquals(1, word.exit, word.toString());
        assertTrue(word.out.contains("'abc' is not a process id"), word.toString());

        AgentCli unknown = cli(jdk, "frobnicate");
        assertEquals(1, unknown.exit, unknown.toString());
        assertTrue(unknown.out.contains("unknown command 'frobnicate'"), unknown.toString());

        // A JVM that refuses attach.
        Path stop = tmp.resolve("stop");
        Process closed = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-XX:+DisableAttachMechanism",
                "-Djava.io.tmpdir=" + tmp, "-cp",
                JvmRun.APP_CLASSES, AttachTarget.class.getName(), stop.toString()).start();
        try {
            String first = new BufferedReader(new InputStreamReader(closed.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher m = Pattern.compile("AttachTarget pid (\\d+)").matcher(String.valueOf(first));
            assertTrue(m.find(), String.valueOf(first));
            AgentCli refused = cli(jdk, "attach", m.group(1));
            assertEquals(1, refused.exit, refused.toString());
            assertEquals(1, refused.out.trim().lines().count(), refused.toString());
            assertTrue(refused.out.startsWith("leakguard: ") && refused.out.contains(m.group(1)), refused.toString());
        } finally {
            closed.destroyForcibly();
        }

        AgentCli notJvm = cli(jdk, "report", "1");
        assertEquals(1, notJvm.exit, notJvm.toString());
        assertEquals(1, notJvm.out.trim().lines().count(), notJvm.toString());
    }
}

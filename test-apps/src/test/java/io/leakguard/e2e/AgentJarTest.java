package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The built jar: manifest, relocation of everything bundled, nested bootstrap jar, CLI. */
class AgentJarTest {

    @Test
    void manifestDeclaresAgentEntryPointsAndRetransformation() throws Exception {
        try (JarFile jar = new JarFile(JvmRun.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.leakguard.agent.LeakguardAgent", a.getValue("Premain-Class"));
            assertEquals("io.leakguard.agent.LeakguardAgent", a.getValue("Agent-Class"));
            assertEquals("io.leakguard.agent.cli.Main", a.getValue("Main-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void everyBundledClassIsRelocatedUnderIoLeakguard() throws Exception {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(JvmRun.AGENT_JAR.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class")) {
                    classes++;
                    if (!e.getName().startsWith("io/leakguard/")) {
                        outside.add(e.getName());
                    }
                }
            }
            assertTrue(outside.isEmpty(), "classes outside io/leakguard/: " + outside);
            // Byte Buddy's ASM is bundled (relocated), and nothing else of Byte Buddy: each entry
            // of the jar costs every JVM's start-up.
            assertNotNull(jar.getEntry("io/leakguard/shaded/net/bytebuddy/jar/asm/ClassReader.class"));
            assertEquals(null, jar.getEntry("io/leakguard/shaded/net/bytebuddy/agent/builder/AgentBuilder.class"));
            assertTrue(classes < 400, "the agent's classes and ASM's, found " + classes + " classes");
            // The bootstrap classes travel as a nested jar only, never as classes of the agent jar.
            assertEquals(null, jar.getEntry("io/leakguard/bootstrap/Tracker.class"));
            ZipEntry nested = jar.getEntry("META-INF/leakguard/leakguard-bootstrap.jar");
            assertNotNull(nested, "nested bootstrap jar");
            List<String> bootClasses = new ArrayList<>();
            try (InputStream in = jar.getInputStream(nested); JarInputStream boot = new JarInputStream(in)) {
                for (ZipEntry b = boot.getNextEntry(); b != null; b = boot.getNextEntry()) {
                    if (b.getName().endsWith(".class")) {
                        bootClasses.add(b.getName());
                    }
                }
            }
            assertTrue(bootClasses.contains("io/leakguard/bootstrap/Tracker.class"), bootClasses.toString());
            for (String c : bootClasses) {
                assertTrue(c.startsWith("io/leakguard/bootstrap/"), c);
            }
        }
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JvmRun.AGENT_JAR.toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("-javaagent:leakguard-agent.jar"), out);
        assertTrue(out.contains("scan.interval"), out);
        assertTrue(out.contains("monitor|enforce|ci"), out);
    }
}

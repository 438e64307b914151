package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.example.own.OwnCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which frames can be an acquisition site: by package, and for a skipped library's package, by origin. */
class SiteClassificationTest {
    private final String[] before = SiteCapture.libraries;

    @AfterEach
    void restore() {
        SiteCapture.libraries = before;
    }

    @Test
    void aClassFromTheBuildsOutputDirectoryIsTheProjectsOwnEvenInALibrarysPackage() {
        // This test class is loaded from target/test-classes; JUnit's from its jar.
        assertTrue(CodeOrigin.isBuildOutput(SiteClassificationTest.class));
        assertFalse(CodeOrigin.isBuildOutput(Test.class));
        assertFalse(CodeOrigin.isBuildOutput(String.class), "a boot class has no code source");

        SiteCapture.libraries = new String[] {"org.example.own."};
        assertEquals(1, SiteCapture.classify(OwnCode.class.getName(), OwnCode.class));
        // By name (ci mode): the same answer through the system class loader.
        assertEquals(1, SiteCapture.classify(OwnCode.class.getName()));
        // A class the system class loader cannot find is judged by its package.
        assertEquals(0, SiteCapture.classify("org.example.own.NoSuchClass"));
    }

    @Test
    void theProjectsOwnJarsAreTheProjectsCodeLibrariesJarsAreNot() {
        assertTrue(CodeOrigin.isProjectLocation("file", "/work/app/target/classes/"));
        assertTrue(CodeOrigin.isProjectLocation("file", "/work/app/orders-core/target/orders-core-1.0.jar"));
        assertTrue(CodeOrigin.isProjectLocation("file", "/work/app/build/libs/orders-core.jar"));
        assertTrue(CodeOrigin.isProjectLocation("jar", "nested:/srv/app.jar/!BOOT-INF/classes/!/"));
        assertTrue(CodeOrigin.isProjectLocation("jar", "file:/srv/app.war!/WEB-INF/classes!/"));
        assertFalse(CodeOrigin.isProjectLocation("file",
                "/root/.m2/repository/org/springframework/spring-core/6.1.0/spring-core-6.1.0.jar"));
        assertFalse(CodeOrigin.isProjectLocation("file", "/work/app/target/lib/spring-core-6.1.0.jar"));
        assertFalse(CodeOrigin.isProjectLocation("file", "/work/app/target/dependency/HikariCP-5.1.0.jar"));
        assertFalse(CodeOrigin.isProjectLocation("jar", "nested:/srv/app.jar/!BOOT-INF/lib/spring-core-6.1.0.jar"));
        assertFalse(CodeOrigin.isProjectLocation("jrt", "/java.base"));
    }

    @Test
    void aLibrarysClassFromAJarIsSkipped() {
        SiteCapture.libraries = new String[] {"org.junit.jupiter.api."};
        assertEquals(0, SiteCapture.classify(Test.class.getName(), Test.class));
    }

    @Test
    void testFrameworksAndReflectionAreNeverASite() {
        SiteCapture.libraries = new String[0];
        assertEquals(0, SiteCapture.classify("org.junit.platform.commons.util.ReflectionUtils"));
        assertEquals(0, SiteCapture.classify("org.junit.runners.model.FrameworkMethod$1"));
        assertEquals(0, SiteCapture.classify("org.apache.maven.surefire.booter.ForkedBooter"));
        assertEquals(0, SiteCapture.classify("jdk.internal.reflect.NativeMethodAccessorImpl"));
        assertEquals(1, SiteCapture.classify("com.acme.orders.OrderDao"));
        assertEquals(2, SiteCapture.classify("com.acme.PluginClassLoader"));
    }
}

package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 18 rule 5: what a test's class owns, read from the acquisition's stack. */
class ClassOwnedTest {
    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, "X.java", 1);
    }

    @Test
    void aStaticInitializerAboveTheTestFrameworkMakesItTheClasss() {
        assertTrue(StaticInitializers.onStack(new StackTraceElement[] {
            frame("java.io.RandomAccessFile", "<init>"), frame("lib.Registry", "<clinit>"),
            frame("app.SomeTest", "firstUse"), frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod")}));
        assertFalse(StaticInitializers.onStack(new StackTraceElement[] {
            frame("java.io.FileInputStream", "<init>"), frame("app.SomeTest", "leaks"),
            frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod"),
            frame("org.junit.SomeRunner", "<clinit>")}), "the test runner's own initializers are not the resource's");
    }

    @Test
    void theTestFrameIsTheOwnersLastFrameBeforeTheFramework() {
        String me = ClassOwnedTest.class.getName();
        String[] lines = {"java.base/java.io.FileInputStream.<init>(FileInputStream.java:159)",
            me + ".fixture(ClassOwnedTest.java:20)", me + "$Nested.usesIt(ClassOwnedTest.java:40)",
            "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
            "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:786)",
            me + ".elsewhere(ClassOwnedTest.java:99)"};
        assertEquals("usesIt(ClassOwnedTest.java:40)", ClassOwned.testFrame(lines, ClassOwnedTest.class));
        assertNull(ClassOwned.testFrame(new String[] {"java.base/java.io.File.x(File.java:1)"}, ClassOwnedTest.class));
    }
}

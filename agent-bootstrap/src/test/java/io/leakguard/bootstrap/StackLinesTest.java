package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StackLinesTest {
    private static String[] deep(int layers) {
        String[] lines = new String[layers + 4];
        lines[0] = "java.base/java.io.FileInputStream.<init>(FileInputStream.java:157)";
        for (int i = 1; i <= layers; i++) {
            lines[i] = "app//lib.Layers.layer(Layers.java:22)";
        }
        lines[layers + 1] = "app//a.DeepTest.leaks(DeepTest.java:16)";
        lines[layers + 2] = "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)";
        lines[layers + 3] = "app//org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:728)";
        return lines;
    }

    @Test
    void className() {
        assertEquals("a.DeepTest", StackLines.className("app//a.DeepTest.leaks(DeepTest.java:16)"));
        assertEquals("java.io.FileInputStream",
                StackLines.className("java.base/java.io.FileInputStream.<init>(FileInputStream.java:157)"));
        assertEquals("a.B$1", StackLines.className("a.B$1.run(B.java:3)"));
    }

    @Test
    void goesDownToTheTestsOwnFrame() {
        StringBuilder sb = new StringBuilder();
        StackLines.append(sb, deep(12), "a.DeepTest");
        String s = sb.toString();
        assertTrue(s.endsWith("at app//a.DeepTest.leaks(DeepTest.java:16)"), s);
        assertEquals(14, s.split("\n").length - 1, s);
    }

    @Test
    void aVeryDeepStackKeepsItsHeadAndTheOwnersLine() {
        StringBuilder sb = new StringBuilder();
        StackLines.append(sb, deep(100), "a.DeepTest");
        String s = sb.toString();
        assertEquals(StackLines.MAX, s.split("\n").length - 1, s);
        assertTrue(s.contains("... 63 more"), s);
        assertTrue(s.endsWith("at app//a.DeepTest.leaks(DeepTest.java:16)"), s);
    }

    @Test
    void withoutTheTestClassItStopsWhereTheFrameworkCallsIn() {
        StringBuilder sb = new StringBuilder();
        StackLines.append(sb, deep(3), null);
        String s = sb.toString();
        assertTrue(s.endsWith("at app//a.DeepTest.leaks(DeepTest.java:16)"), s);
    }

    @Test
    void nestedAndLambdaFramesAreTheTestClasss() {
        assertTrue(StackLines.isOfClass("a.DeepTest$1", "a.DeepTest"));
        assertTrue(StackLines.isOfClass("a.DeepTest", "a.DeepTest"));
        assertTrue(!StackLines.isOfClass("a.DeepTestHelper", "a.DeepTest"));
    }
}

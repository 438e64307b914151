package io.leakguard.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Orders class files so that each comes after its superclass and interfaces. Classes defined
 * straight into the boot loader have no class path behind them: the JVM resolves a class's
 * supertypes when it is defined, so those must already be there; every other reference is
 * resolved later, by which time all of them are.
 */
final class ClassOrder {
    private ClassOrder() {
    }

    /** Binary name -> class file, in an order the boot loader can define them. */
    static Map<String, byte[]> supertypesFirst(Map<String, byte[]> classes) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : classes.keySet()) {
            add(name, classes, out, new ArrayList<>());
        }
        return out;
    }

    private static void add(String name, Map<String, byte[]> classes, Map<String, byte[]> out, List<String> path)
            throws IOException {
        if (out.containsKey(name) || !classes.containsKey(name)) {
            return; // done already, or a JDK type
        }
        if (path.contains(name)) {
            throw new IOException("circular supertypes at " + name);
        }
        path.add(name);
        for (String s : supertypes(classes.get(name))) {
            add(s, classes, out, path);
        }
        path.remove(path.size() - 1);
        out.put(name, classes.get(name));
    }

    /** The superclass and interfaces a class file names, as binary names (read with Byte Buddy's ASM). */
    static List<String> supertypes(byte[] classFile) throws IOException {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("not a class file", e);
        }
        List<String> out = new ArrayList<>();
        if (reader.getSuperName() != null) {
            out.add(reader.getSuperName().replace('/', '.'));
        }
        for (String i : reader.getInterfaces()) {
            out.add(i.replace('/', '.'));
        }
        return out;
    }
}

package io.leakguard.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The superclass and interfaces a class file names, as binary names. */
    static List<String> supertypes(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: // Utf8
                    utf8[i] = in.readUTF();
                    break;
                case 7: // Class
                    classNameIndex[i] = in.readUnsignedShort();
                    break;
                case 8: case 16: case 19: case 20: // String, MethodType, Module, Package
                    in.skipBytes(2);
                    break;
                case 15: // MethodHandle
                    in.skipBytes(3);
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    in.skipBytes(4);
                    break;
                case 5: case 6: // Long, Double: two entries
                    in.skipBytes(8);
                    i++;
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this class
        List<String> out = new ArrayList<>();
        int superIndex = in.readUnsignedShort();
        if (superIndex != 0) {
            out.add(utf8[classNameIndex[superIndex]].replace('/', '.'));
        }
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            out.add(utf8[classNameIndex[in.readUnsignedShort()]].replace('/', '.'));
        }
        return out;
    }
}

package io.leakguard.agent.instrument;

import io.leakguard.bootstrap.Tracker;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Which of the types leakguard cares about (the JDBC interfaces, ClassLoader) a class being
 * loaded extends or implements, decided from class files: its own header, and the headers of
 * its super types, read through its loader as resources the first time and remembered per
 * loader. It runs before the class's super types are loaded (the JVM hands a class file to the
 * transformer before it resolves its super class), so it cannot ask the JVM.
 *
 * <p>What it answers decides only whether the JDBC hooks or the loader prologue are woven into
 * the class; a super type that cannot be read counts as none of ours (libraries ship classes
 * whose optional super types are missing, and that is no error).
 */
final class SuperTypes {
    static final int CONNECTION = 1;
    static final int STATEMENT = 2;
    static final int RESULT_SET = 4;
    static final int DATA_SOURCE = 8;
    static final int DRIVER = 16;
    static final int CLASS_LOADER = 32;
    static final int POOLED_CONNECTION = 64;
    static final int JDBC = CONNECTION | STATEMENT | RESULT_SET | DATA_SOURCE | DRIVER | POOLED_CONNECTION;

    /** The JDK types that answer by name; any other {@code java/} type is none of ours. */
    private static final Map<String, Integer> ROOTS = new HashMap<>();

    static {
        ROOTS.put("java/sql/Connection", CONNECTION);
        ROOTS.put("java/sql/Statement", STATEMENT);
        ROOTS.put("java/sql/PreparedStatement", STATEMENT);
        ROOTS.put("java/sql/CallableStatement", STATEMENT);
        ROOTS.put("java/sql/ResultSet", RESULT_SET);
        ROOTS.put("javax/sql/DataSource", DATA_SOURCE);
        ROOTS.put("java/sql/Driver", DRIVER);
        ROOTS.put("javax/sql/PooledConnection", POOLED_CONNECTION);
        ROOTS.put("javax/sql/XAConnection", POOLED_CONNECTION);
        ROOTS.put("java/lang/ClassLoader", CLASS_LOADER);
        ROOTS.put("java/security/SecureClassLoader", CLASS_LOADER);
        ROOTS.put("java/net/URLClassLoader", CLASS_LOADER);
    }

    /** A loader's answers, by internal name; weakly keyed: a web application's loader can go. */
    private final Map<ClassLoader, Map<String, Integer>> known = Collections.synchronizedMap(new WeakHashMap<>());

    /** The bits of a class with these direct super types, remembered under its own name too. */
    int of(ClassLoader loader, String name, String superName, String[] interfaces) {
        int bits = bitsOf(loader, superName, 0);
        if (interfaces != null) {
            for (String i : interfaces) {
                bits |= bitsOf(loader, i, 0);
            }
        }
        answers(loader).put(name, bits);
        return bits;
    }

    private int bitsOf(ClassLoader loader, String name, int depth) {
        if (name == null || "java/lang/Object".equals(name)) {
            return 0;
        }
        Integer root = ROOTS.get(name);
        if (root != null) {
            return root;
        }
        if (name.startsWith("java/") || depth > 40) {
            return 0;
        }
        Map<String, Integer> answers = answers(loader);
        Integer b = answers.get(name);
        if (b != null) {
            return b;
        }
        int bits = 0;
        byte[] header = read(loader, name);
        if (header != null) {
            ClassReader r = new ClassReader(header);
            bits = bitsOf(loader, r.getSuperName(), depth + 1);
            for (String i : r.getInterfaces()) {
                bits |= bitsOf(loader, i, depth + 1);
            }
        }
        answers.put(name, bits);
        return bits;
    }

    private Map<String, Integer> answers(ClassLoader loader) {
        Map<String, Integer> m = known.get(loader);
        if (m == null) {
            m = new ConcurrentHashMap<>();
            Map<String, Integer> had = known.putIfAbsent(loader, m);
            if (had != null) {
                m = had;
            }
        }
        return m;
    }

    /** The class file of a super type, as the loader finds it; the read is the agent's, never tracked. */
    private static byte[] read(ClassLoader loader, String name) {
        Tracker.enterAgentCode();
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (Exception | LinkageError e) {
            return null;
        } finally {
            Tracker.exitAgentCode();
        }
    }
}

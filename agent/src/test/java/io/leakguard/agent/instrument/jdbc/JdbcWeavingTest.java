package io.leakguard.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.agent.instrument.weave.HookWeaver;
import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.sql.DataSource;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Every JDBC implementation in five real drivers and pools (H2, HikariCP, DBCP2, PostgreSQL,
 * MariaDB), woven with the hooks of the interfaces it implements and handed to the JVM's
 * verifier: a hook the weaver gets wrong in one driver's class would otherwise surface as a
 * VerifyError in somebody's application. The end-to-end tests prove what the hooks report; this
 * proves that what they weave is valid wherever the rules pick a method.
 */
class JdbcWeavingTest {
    private static final Map<Class<?>, InterfaceTarget> TARGETS = Map.of(Driver.class, new DriverTarget(),
            DataSource.class, new DataSourceTarget(), Connection.class, new ConnectionTarget(),
            Statement.class, new StatementTarget(true), ResultSet.class, new ResultSetTarget());

    @Test
    void everyImplementationInRealDriversIsWovenIntoCodeTheVerifierAccepts() throws Exception {
        int woven = 0;
        List<String> failures = new ArrayList<>();
        for (Class<?> inJar : new Class<?>[] {org.h2.Driver.class, com.zaxxer.hikari.HikariDataSource.class,
            org.apache.commons.dbcp2.BasicDataSource.class, org.postgresql.Driver.class, org.mariadb.jdbc.Driver.class}) {
            try (JarFile jar = new JarFile(jarOf(inJar).toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String file = entry.getName();
                    if (!file.endsWith(".class") || file.contains("-") || file.startsWith("META-INF")) {
                        continue;
                    }
                    String name = file.substring(0, file.length() - 6).replace('/', '.');
                    Class<?> c;
                    try {
                        c = Class.forName(name, false, getClass().getClassLoader());
                    } catch (Throwable optionalDependencyMissing) {
                        continue;
                    }
                    List<MethodHooks> hooks = new ArrayList<>();
                    TARGETS.forEach((iface, t) -> {
                        if (iface.isAssignableFrom(c) && !c.isInterface()) {
                            hooks.addAll(t.methods());
                        }
                    });
                    if (hooks.isEmpty()) {
                        continue;
                    }
                    byte[] original;
                    try (InputStream in = jar.getInputStream(entry)) {
                        original = in.readAllBytes();
                    }
                    byte[] out = HookWeaver.weave(original, hooks, new ArrayList<>());
                    if (out == null) {
                        continue;
                    }
                    woven++;
                    try {
                        new OneClass(name, out, getClass().getClassLoader()).verify();
                    } catch (Throwable t) {
                        failures.add(name + ": " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        // 60 classes with these versions: a rule that stopped picking methods would show here.
        assertTrue(woven >= 50, "woven: " + woven);
    }

    /**
     * A driver compiled by something other than javac may store another value into a
     * parameter's slot. A slot given another reference is an Object in the catch-all handler's
     * frame, and the class verifies; a hook that would read a slot now holding an int reads a
     * copy taken at entry instead (the class is woven a second time with copies), and verifies.
     */
    @Test
    void aParameterSlotReusedByTheBodyIsHandledNeverInvalid() throws Exception {
        byte[] reference = preparesStatement("ReusesSlotWithReference", Opcodes.ASTORE);
        byte[] woven = HookWeaver.weave(reference, new ConnectionTarget().methods(), new ArrayList<>());
        new OneClass("ReusesSlotWithReference", woven, getClass().getClassLoader()).verify();

        byte[] primitive = preparesStatement("ReusesSlotWithInt", Opcodes.ISTORE);
        byte[] copied = HookWeaver.weave(primitive, new ConnectionTarget().methods(), new ArrayList<>());
        new OneClass("ReusesSlotWithInt", copied, getClass().getClassLoader()).verify();
        assertNull(HookWeaver.weave(reference, List.of(), new ArrayList<>()));
    }

    /**
     * The two shapes of the JDK's dynamic proxy methods (what MyBatis' PooledDataSource hands
     * out): JDK 17 ends setAutoCommit(boolean) with a handler that stores the Throwable into the
     * boolean's slot; JDK 25 writes the handlers' frames with no locals, the instance dropped.
     * Both weave with copies, verify, and the hooks read the instance and the argument as they
     * were at entry (the woven methods run here against the real bootstrap hooks).
     */
    @Test
    void theJdksProxyMethodShapesAreWovenWithCopies() throws Exception {
        for (boolean jdk25 : new boolean[] {false, true}) {
            String name = jdk25 ? "ProxyShape25" : "ProxyShape17";
            ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
            constructor(w);
            proxyMethod(w, name, "setAutoCommit", "(Z)V", jdk25);
            proxyMethod(w, name, "commit", "()V", jdk25);
            proxyMethod(w, name, "close", "()V", jdk25);
            w.visitEnd();
            byte[] original = w.toByteArray();
            new OneClass(name, original, getClass().getClassLoader()).verify(); // valid as it is
            byte[] woven = HookWeaver.weave(original, new ConnectionTarget().methods(), new ArrayList<>());
            OneClass loader = new OneClass(name, woven, getClass().getClassLoader());
            loader.verify();
            Object instance = loader.loadClass(name).getConstructor().newInstance();
            for (String method : new String[] {"commit", "close"}) {
                loader.loadClass(name).getMethod(method).invoke(instance);
            }
            loader.loadClass(name).getMethod("setAutoCommit", boolean.class).invoke(instance, true);
        }
    }

    /**
     * A proxy method's shape: {@code try { <body> } catch (RuntimeException | Error e) { throw e; }
     * catch (Throwable t) { throw new UndeclaredThrowableException(t); }}, the body here a no-op.
     */
    private static void proxyMethod(ClassWriter w, String owner, String name, String descriptor, boolean jdk25) {
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, descriptor, null,
                new String[] {"java/sql/SQLException"});
        net.bytebuddy.jar.asm.Label start = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label end = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label rethrow = new net.bytebuddy.jar.asm.Label();
        net.bytebuddy.jar.asm.Label wrap = new net.bytebuddy.jar.asm.Label();
        m.visitCode();
        m.visitTryCatchBlock(start, end, rethrow, "java/lang/RuntimeException");
        m.visitTryCatchBlock(start, end, rethrow, "java/lang/Error");
        m.visitTryCatchBlock(start, end, wrap, "java/lang/Throwable");
        m.visitLabel(start);
        m.visitInsn(Opcodes.NOP);
        m.visitInsn(Opcodes.RETURN);
        m.visitLabel(end);
        boolean arg = descriptor.startsWith("(Z");
        Object[] locals = jdk25 ? new Object[0] : arg ? new Object[] {owner, Opcodes.INTEGER} : new Object[] {owner};
        m.visitLabel(rethrow);
        m.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        m.visitInsn(Opcodes.ATHROW);
        m.visitLabel(wrap);
        m.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        if (!jdk25) {
            m.visitVarInsn(Opcodes.ASTORE, 1); // the caught Throwable, into the first argument's slot
            m.visitTypeInsn(Opcodes.NEW, "java/lang/reflect/UndeclaredThrowableException");
            m.visitInsn(Opcodes.DUP);
            m.visitVarInsn(Opcodes.ALOAD, 1);
        } else {
            m.visitTypeInsn(Opcodes.NEW, "java/lang/reflect/UndeclaredThrowableException");
            m.visitInsn(Opcodes.DUP_X1);
            m.visitInsn(Opcodes.SWAP);
        }
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/reflect/UndeclaredThrowableException", "<init>",
                "(Ljava/lang/Throwable;)V", false);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /**
     * More of what obfuscators and other compilers do, each found by the review of the weaver: a
     * long stored over a String and an int parameter (two slots, two parameters); a static
     * helper named like an API method (no instance to pass); a frame that marks the instance dead
     * (TOP) without any store, as ProGuard's preverifier writes by liveness.
     */
    @Test
    void twoSlotStoresStaticHelpersAndDeadSlotsInFramesAreHandledOrRefused() throws Exception {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "Reuses", null, "java/lang/Object", null);
        constructor(w);
        // public boolean execute(String sql, int flags): a long over both parameters' slots.
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "execute", "(Ljava/lang/String;I)Z", null,
                new String[] {"java/sql/SQLException"});
        m.visitCode();
        m.visitInsn(Opcodes.LCONST_0);
        m.visitVarInsn(Opcodes.LSTORE, 1);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        // public static java.sql.ResultSet getResultSet(int rows): no instance, never woven.
        MethodVisitor st = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "getResultSet", "(I)Ljava/sql/ResultSet;",
                null, null);
        st.visitCode();
        st.visitInsn(Opcodes.ACONST_NULL);
        st.visitInsn(Opcodes.ARETURN);
        st.visitMaxs(0, 0);
        st.visitEnd();
        w.visitEnd();
        byte[] woven = HookWeaver.weave(w.toByteArray(), new StatementTarget(true).methods(), new ArrayList<>());
        new OneClass("Reuses", woven, getClass().getClassLoader()).verify();

        // public void close(): the instance is dead (TOP) at the return, where the release hook reads it.
        ClassWriter d = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        d.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "DeadThis", null, "java/lang/Object", null);
        constructor(d);
        MethodVisitor c = d.visitMethod(Opcodes.ACC_PUBLIC, "close", "()V", null, null);
        c.visitCode();
        net.bytebuddy.jar.asm.Label end = new net.bytebuddy.jar.asm.Label();
        c.visitInsn(Opcodes.ICONST_0);
        c.visitJumpInsn(Opcodes.IFEQ, end);
        c.visitLabel(end);
        c.visitFrame(Opcodes.F_NEW, 0, new Object[0], 0, new Object[0]);
        c.visitInsn(Opcodes.RETURN);
        c.visitMaxs(1, 1);
        c.visitEnd();
        d.visitEnd();
        byte[] dead = d.toByteArray();
        new OneClass("DeadThis", dead, getClass().getClassLoader()).verify(); // valid as it is
        // The release hook reads the instance's copy, taken at entry: woven, and it verifies.
        byte[] copied = HookWeaver.weave(dead, new StatementTarget(false).methods(), new ArrayList<>());
        new OneClass("DeadThis", copied, getClass().getClassLoader()).verify();
    }

    /**
     * What copies cannot mend is still refused, the class left as it was: a constructor whose
     * instance is uninitialized at entry (no copy of it could be used) and whose body reuses the
     * slot a later hook reads.
     */
    @Test
    void aConstructorReusingTheSlotAHookReadsIsRefused() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "OpensInConstructor", null, "java/lang/Object", null);
        MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/String;)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.ICONST_1);
        init.visitVarInsn(Opcodes.ISTORE, 1);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        w.visitEnd();
        byte[] original = w.toByteArray();
        io.leakguard.agent.instrument.weave.MethodHooks hooks = io.leakguard.agent.instrument.weave.MethodHooks.constructors(
                io.leakguard.agent.instrument.weave.Hook.exit("opened", "(Ljava/lang/Object;Ljava/lang/Object;)V",
                        io.leakguard.agent.instrument.weave.Value.THIS, io.leakguard.agent.instrument.weave.Value.arg(0)));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> HookWeaver.weave(original, List.of(hooks), new ArrayList<>()));
        assertTrue(refused.getMessage().contains("not woven"), refused.getMessage());
    }

    private static void constructor(ClassWriter w) {
        MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
    }

    /**
     * {@code public Object prepareStatement(String sql) throws SQLException} whose body stores
     * into the sql parameter's slot, as an obfuscator reusing slots would: a new Object (ASTORE)
     * or an int (ISTORE).
     */
    private static byte[] preparesStatement(String name, int store) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        constructor(w);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "prepareStatement", "(Ljava/lang/String;)Ljava/lang/Object;",
                null, new String[] {"java/sql/SQLException"});
        m.visitCode();
        if (store == Opcodes.ASTORE) {
            m.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
            m.visitInsn(Opcodes.DUP);
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        } else {
            m.visitInsn(Opcodes.ICONST_1);
        }
        m.visitVarInsn(store, 1);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static Path jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * A world of its own: the test's class path over the platform loader, with one class
     * defined from given bytes; linking it runs the verifier as the application's loader would.
     */
    private static final class OneClass extends java.net.URLClassLoader {
        private final String name;
        private final byte[] bytes;

        OneClass(String name, byte[] bytes, ClassLoader unused) {
            super(classPath(), ClassLoader.getPlatformClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        private static java.net.URL[] classPath() {
            return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .map(p -> {
                        try {
                            return Path.of(p).toUri().toURL();
                        } catch (java.net.MalformedURLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toArray(java.net.URL[]::new);
        }

        void verify() throws ClassNotFoundException {
            // getDeclaredMethods links the class: the verifier runs, and a VerifyError is thrown here.
            loadClass(name).getDeclaredMethods();
        }

        @Override
        protected Class<?> findClass(String n) throws ClassNotFoundException {
            return n.equals(name) ? defineClass(n, bytes, 0, bytes.length) : super.findClass(n);
        }
    }
}

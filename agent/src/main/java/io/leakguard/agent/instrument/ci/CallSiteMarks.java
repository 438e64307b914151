package io.leakguard.agent.instrument.ci;

import io.leakguard.bootstrap.CallSites;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * ci mode: the application's own calls of JDBC methods (any method returning a Connection, a
 * Statement or a ResultSet, whoever declares it) and of the file classes' constructors
 * ({@code new FileInputStream(...)} and the like). Each such call, where the class has line
 * numbers, is numbered ({@link CallSites}) and bracketed: {@code CiHooks.callSite(n)} just before
 * it, {@code CiHooks.callReturned()} just after it returns. While the call runs, the tracker
 * knows the line that made it, and acquisitions there may share one stack (SharedTraces, in the
 * bootstrap, says when that is proven).
 *
 * <p>Straight-line code only: no branch, no handler, no new local, so the class's stack map
 * frames stay valid as they are; the operand stack grows by one (the site number). Methods named
 * getConnection or connect are left alone: the application's accessors hand a connection on,
 * and where it leaked is their caller's call, which is the one marked.
 */
public final class CallSiteMarks extends ClassVisitor {
    private static final String CI_HOOKS = "io/leakguard/bootstrap/CiHooks";

    private String className;
    private String superName;
    private boolean marked;

    private CallSiteMarks(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    /** The class with its JDBC call sites bracketed, or null when it calls none (or has no line numbers). */
    public static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        CallSiteMarks marks = new CallSiteMarks(writer);
        reader.accept(marks, 0);
        return marks.marked ? writer.toByteArray() : null;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        this.superName = superName;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || next == null
                || name.equals("getConnection") || name.equals("connect")) {
            return next;
        }
        return new Marker(next, name);
    }

    /** The kind of resource a method with this descriptor returns ({@link CallSites}), 0 for none. */
    static int kindOf(String descriptor) {
        if (descriptor.endsWith(")Ljava/sql/Connection;")) {
            return CallSites.CONNECTION;
        }
        if (descriptor.endsWith(")Ljava/sql/ResultSet;")) {
            return CallSites.RESULT_SET;
        }
        if (descriptor.endsWith(")Ljava/sql/Statement;") || descriptor.endsWith(")Ljava/sql/PreparedStatement;")
                || descriptor.endsWith(")Ljava/sql/CallableStatement;")) {
            return CallSites.STATEMENT;
        }
        return 0;
    }

    /** {@link CallSites#FILE} for the constructors of the file classes tracked (and of the readers and writers that make one). */
    static int fileKindOf(String owner) {
        switch (owner) {
            case "java/io/FileInputStream":
            case "java/io/FileOutputStream":
            case "java/io/RandomAccessFile":
            case "java/io/FileReader":
            case "java/io/FileWriter":
                return CallSites.FILE;
            default:
                return 0;
        }
    }

    private final class Marker extends MethodVisitor {
        private final String method;
        /** In a constructor, a call of the superclass's constructor is super(...): never a site (the caller's new is). */
        private final boolean constructor;
        private int line;

        Marker(MethodVisitor next, String method) {
            super(Opcodes.ASM9, next);
            this.method = method;
            this.constructor = method.equals("<init>");
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            this.line = line;
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            int kind = line <= 0 ? 0 : opcode != Opcodes.INVOKESPECIAL ? kindOf(descriptor)
                    : name.equals("<init>") && !(constructor && owner.equals(superName)) ? fileKindOf(owner) : 0;
            if (kind == 0) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            marked = true;
            super.visitLdcInsn(CallSites.register(className, method, line, kind));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CI_HOOKS, "callSite", "(I)V", false);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CI_HOOKS, "callReturned", "()V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }
    }
}

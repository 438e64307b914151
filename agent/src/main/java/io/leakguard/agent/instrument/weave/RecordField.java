package io.leakguard.agent.instrument.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Gives a JDBC handle class its own record field: the interface
 * {@code io.leakguard.bootstrap.RecordHolder}, a private transient field and the interface's two
 * accessors (synthetic, so frameworks that list a class's own methods pass them by). Only where a
 * class's shape may still change: at its first load, and again on every retransformation of a
 * class that got it then (a retransformation must keep the shape, or the JVM refuses it: Mockito's
 * inline mocks, another agent, leakguard's own detach). A class that has it already is left as it is.
 */
public final class RecordField extends ClassVisitor {
    public static final String HOLDER = "io/leakguard/bootstrap/RecordHolder";
    private static final String FIELD = "leakguard$record";
    private static final String RECORD = "Lio/leakguard/bootstrap/Record;";

    private String owner;
    private boolean had;

    RecordField(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    /** The class file with the field, or the same bytes if it has it already. */
    public static byte[] add(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        for (String i : reader.getInterfaces()) {
            if (HOLDER.equals(i)) {
                return classFile;
            }
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new RecordField(writer), 0);
        return writer.toByteArray();
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        String[] with = interfaces == null ? new String[0] : interfaces;
        for (String i : with) {
            had |= HOLDER.equals(i);
        }
        if (!had) {
            String[] more = new String[with.length + 1];
            System.arraycopy(with, 0, more, 0, with.length);
            more[with.length] = HOLDER;
            with = more;
        }
        super.visit(version, access, name, signature, superName, with);
    }

    @Override
    public void visitEnd() {
        if (!had) {
            cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC, FIELD, RECORD, null, null)
                    .visitEnd();
            MethodVisitor get = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, FIELD, "()" + RECORD, null, null);
            get.visitCode();
            get.visitVarInsn(Opcodes.ALOAD, 0);
            get.visitFieldInsn(Opcodes.GETFIELD, owner, FIELD, RECORD);
            get.visitInsn(Opcodes.ARETURN);
            get.visitMaxs(1, 1);
            get.visitEnd();
            MethodVisitor set = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, FIELD, "(" + RECORD + ")V", null, null);
            set.visitCode();
            set.visitVarInsn(Opcodes.ALOAD, 0);
            set.visitVarInsn(Opcodes.ALOAD, 1);
            set.visitFieldInsn(Opcodes.PUTFIELD, owner, FIELD, RECORD);
            set.visitInsn(Opcodes.RETURN);
            set.visitMaxs(2, 2);
            set.visitEnd();
        }
        super.visitEnd();
    }
}

package io.leakguard.agent.instrument.loader;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Every class loader outside the JDK that declares its own {@code loadClass}: names under
 * {@value #PREFIX} are answered from the boot loader, where the bootstrap classes are defined,
 * before the loader's own body runs.
 *
 * <p>Why: code woven into a driver's or a pool's class calls {@code io.leakguard.bootstrap.*},
 * and the JVM resolves those names through that class's own loader. A loader that asks its
 * parent only for {@code java.*} (plug-in systems, parent-last web-application loaders, OSGi
 * without boot delegation, JBoss Modules) would not find them: a NoClassDefFoundError in the
 * application at {@code connect()} or {@code createStatement()}. The OpenTelemetry agent does the
 * same for its bootstrap packages.
 *
 * <p>The prologue refers to {@code java.*} only: a reference to a bootstrap class here would be
 * resolved through the loader class's own loader, possibly one that cannot see it either (and
 * then back into this very method). {@code Class.forName(name, false, null)} asks the boot loader
 * natively, calling no Java loader, so it cannot come back here. One {@code startsWith} per call
 * for every other name; anything it throws leaves the loader's own body to answer.
 *
 * <p>A loader that does not declare {@code loadClass} inherits it: from ClassLoader (parent, then
 * boot: it sees the boot loader's classes) or from a superclass that got this prologue.
 */
public final class BootDelegation {
    static final String PREFIX = "io.leakguard.bootstrap.";
    private static final String ONE = "(Ljava/lang/String;)Ljava/lang/Class;";
    private static final String TWO = "(Ljava/lang/String;Z)Ljava/lang/Class;";

    private BootDelegation() {
    }

    /** Whether a method is one this weaves: an instance loadClass(String[, boolean]) with a body. */
    public static boolean isLoadClass(int access, String name, String descriptor) {
        return "loadClass".equals(name) && (ONE.equals(descriptor) || TWO.equals(descriptor))
                && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0;
    }

    /** The class file with the prologue in each loadClass it declares, or null if it declares none. */
    public static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] woven = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner = name;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!isLoadClass(access, name, descriptor)) {
                    return next;
                }
                woven[0] = true;
                return new Prologue(next, owner, TWO.equals(descriptor));
            }
        }, ClassReader.EXPAND_FRAMES);
        return woven[0] ? writer.toByteArray() : null;
    }

    private static final class Prologue extends MethodVisitor {
        private final Object[] locals;

        Prologue(MethodVisitor next, String owner, boolean resolve) {
            super(Opcodes.ASM9, next);
            locals = resolve ? new Object[] {owner, "java/lang/String", Opcodes.INTEGER}
                    : new Object[] {owner, "java/lang/String"};
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label tryStart = new Label();
            Label tryEnd = new Label();
            Label handler = new Label();
            Label body = new Label();
            super.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitJumpInsn(Opcodes.IFNULL, body);
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitLdcInsn(PREFIX);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "startsWith", "(Ljava/lang/String;)Z", false);
            super.visitJumpInsn(Opcodes.IFEQ, body);
            super.visitLabel(tryStart);
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitInsn(Opcodes.ICONST_0);
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                    "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false);
            super.visitLabel(tryEnd);
            super.visitInsn(Opcodes.ARETURN);
            super.visitLabel(handler);
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            super.visitInsn(Opcodes.POP);
            super.visitLabel(body);
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
            // The loader's own code may have a frame of its own at its first instruction.
            super.visitInsn(Opcodes.NOP);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 3), maxLocals);
        }
    }
}

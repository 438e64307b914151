package io.leakguard.agent.instrument.weave;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves a {@link JdkTarget}'s hooks into its class file. Methods without hooks are copied as
 * they are (the writer shares the reader's constant pool), so a woven class differs from the
 * JDK's only where a hook was added.
 */
public final class HookWeaver extends ClassVisitor {
    private final List<MethodHooks> methods;
    private final Map<String, String> fields = new HashMap<>();
    private final Set<MethodHooks> matched = new HashSet<>();
    private String owner;
    /** Each method's max locals ("name descriptor"), to weave with copies ({@link HookedMethod}); null without. */
    private final Map<String, Integer> maxLocals;

    private HookWeaver(ClassVisitor next, List<MethodHooks> methods, Map<String, Integer> maxLocals) {
        super(Opcodes.ASM9, next);
        this.methods = methods;
        this.maxLocals = maxLocals;
    }

    /**
     * The woven class file, or null when no hook applied.
     *
     * @param missing receives the selectors (not optional) that matched no method
     */
    public static byte[] weave(byte[] classFile, List<MethodHooks> methods, List<String> missing) {
        try {
            return weave(classFile, methods, missing, null);
        } catch (HookedMethod.SlotReused reused) {
            // A body that reuses a slot a later hook reads (or whose frames drop it): once more,
            // with the values those hooks read copied at entry. Rare, so the second read of the
            // class is paid only here.
            return weave(classFile, methods, missing, maxLocals(classFile));
        }
    }

    private static byte[] weave(byte[] classFile, List<MethodHooks> methods, List<String> missing,
                                Map<String, Integer> maxLocals) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookWeaver weaver = new HookWeaver(writer, methods, maxLocals);
        reader.accept(weaver, ClassReader.EXPAND_FRAMES);
        for (MethodHooks m : methods) {
            if (!m.optional && !weaver.matched.contains(m)) {
                missing.add(m.toString());
            }
        }
        return weaver.matched.isEmpty() ? null : writer.toByteArray();
    }

    /** Each method's max locals, by "name descriptor". */
    private static Map<String, Integer> maxLocals(byte[] classFile) {
        Map<String, Integer> out = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + " " + descriptor;
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        out.put(key, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        if ((access & Opcodes.ACC_STATIC) == 0) {
            fields.put(name, descriptor);
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
            return next;
        }
        List<Hook> hooks = null;
        for (MethodHooks m : methods) {
            if (m.matches(access, name, descriptor, exceptions)) {
                matched.add(m);
                if (hooks == null) {
                    hooks = new ArrayList<>();
                }
                hooks.addAll(m.hooks);
            }
        }
        if (hooks == null) {
            return next;
        }
        // A constructor is never copied (its instance is uninitialized at entry): woven as in the
        // first pass, it is refused again only if it is the method that needs the copies.
        Integer locals = maxLocals == null || "<init>".equals(name) ? null : maxLocals.get(name + " " + descriptor);
        return new HookedMethod(next, owner, access, name, descriptor, hooks, fields, locals == null ? -1 : locals);
    }
}

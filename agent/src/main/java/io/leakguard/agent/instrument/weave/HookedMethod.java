package io.leakguard.agent.instrument.weave;

import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves the hooks of one method. No new local variables and no frame computation: the hooks
 * take their values from the stack, the arguments and fields, and the two places that need a
 * stack map frame (the catch-all handler of throw hooks, the continuation after a skip hook) hold
 * nothing but the arguments, whose types the descriptor gives. Javac never stores a value of
 * another type into a parameter's slot, so that frame is valid wherever the handler can be
 * reached from. The class is read with expanded frames, so the frames written here are too.
 */
final class HookedMethod extends MethodVisitor {
    /** Operand stack the woven code may need on top of the method's own. */
    private static final int EXTRA_STACK = 6;

    private final String owner;
    private final boolean isStatic;
    private final boolean constructor;
    private final Type[] args;
    private final Type returnType;
    private final List<Hook> hooks;
    private final Map<String, String> fields;
    private final Label bodyStart = new Label();
    private boolean throwHooks;

    HookedMethod(MethodVisitor next, String owner, int access, String name, String descriptor, List<Hook> hooks,
                 Map<String, String> fields) {
        super(Opcodes.ASM9, next);
        this.owner = owner;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.constructor = "<init>".equals(name);
        this.args = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.hooks = hooks;
        this.fields = fields;
        for (Hook h : hooks) {
            if (h.where == Hook.Where.THROW) {
                if (constructor) {
                    throw new IllegalArgumentException("no throw hooks in constructors: " + owner + "." + name);
                }
                throwHooks = true;
            }
            if (h.where == Hook.Where.SKIP_WHEN_TRUE && returnType.getSort() != Type.VOID) {
                throw new IllegalArgumentException("skip hooks only in void methods: " + owner + "." + name);
            }
        }
    }

    @Override
    public void visitCode() {
        super.visitCode();
        for (Hook h : hooks) {
            if (h.where == Hook.Where.ENTER) {
                call(h);
                if (h.storeInto >= 0) {
                    super.visitVarInsn(args[h.storeInto].getOpcode(Opcodes.ISTORE), slotOf(h.storeInto));
                } else {
                    drop(Type.getReturnType(h.descriptor));
                }
            } else if (h.where == Hook.Where.SKIP_WHEN_TRUE) {
                Label go = new Label();
                call(h);
                super.visitJumpInsn(Opcodes.IFEQ, go);
                super.visitInsn(Opcodes.RETURN);
                super.visitLabel(go);
                frame(null);
                // The original code may have a frame of its own at its first instruction.
                super.visitInsn(Opcodes.NOP);
            }
        }
        super.visitLabel(bodyStart);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            for (Hook h : hooks) {
                if (h.where == Hook.Where.EXIT) {
                    call(h);
                    drop(Type.getReturnType(h.descriptor));
                }
            }
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (throwHooks) {
            Label handler = new Label();
            // Registered last, so the method's own handlers, which come first in the table, still
            // catch what they caught: this one only sees what leaves the method.
            super.visitTryCatchBlock(bodyStart, handler, handler, "java/lang/Throwable");
            super.visitLabel(handler);
            frame("java/lang/Throwable");
            for (Hook h : hooks) {
                if (h.where == Hook.Where.THROW) {
                    call(h);
                    Type result = Type.getReturnType(h.descriptor);
                    if (result.getSort() == Type.OBJECT) {
                        // The hook's throwable replaces the one thrown.
                        super.visitInsn(Opcodes.SWAP);
                        super.visitInsn(Opcodes.POP);
                    } else {
                        drop(result);
                    }
                }
            }
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
    }

    private void call(Hook h) {
        for (Value v : h.values) {
            load(v);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, h.owner, h.name, h.descriptor, false);
    }

    private void load(Value v) {
        switch (v.kind) {
            case THIS:
                super.visitVarInsn(Opcodes.ALOAD, 0);
                break;
            case ARG:
                super.visitVarInsn(args[v.index].getOpcode(Opcodes.ILOAD), slotOf(v.index));
                break;
            case FIELD:
                String type = fields.get(v.field);
                if (type == null) {
                    throw new IllegalArgumentException(owner + " has no field " + v.field);
                }
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, owner, v.field, type);
                break;
            case CONSTANT:
                constant(v.constant);
                break;
            case RETURNED:
                super.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                break;
            case THROWN:
                super.visitInsn(Opcodes.DUP);
                break;
            default:
                throw new IllegalStateException(v.kind.toString());
        }
    }

    private void constant(Object c) {
        if (c == null) {
            super.visitInsn(Opcodes.ACONST_NULL);
        } else if (c instanceof Boolean) {
            super.visitInsn((Boolean) c ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        } else if (c instanceof Number) {
            int i = ((Number) c).intValue();
            if (i >= -1 && i <= 5) {
                super.visitInsn(Opcodes.ICONST_0 + i);
            } else if (i >= Byte.MIN_VALUE && i <= Byte.MAX_VALUE) {
                super.visitIntInsn(Opcodes.BIPUSH, i);
            } else {
                super.visitLdcInsn(i);
            }
        } else {
            super.visitLdcInsn(c);
        }
    }

    private void drop(Type t) {
        if (t.getSize() == 2) {
            super.visitInsn(Opcodes.POP2);
        } else if (t.getSize() == 1) {
            super.visitInsn(Opcodes.POP);
        }
    }

    private int slotOf(int arg) {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < arg; i++) {
            slot += args[i].getSize();
        }
        return slot;
    }

    /** A frame holding the instance and the arguments, and on the stack {@code onStack} or nothing. */
    private void frame(String onStack) {
        Object[] locals = new Object[args.length + (isStatic ? 0 : 1)];
        int n = 0;
        if (!isStatic) {
            // Entry of a constructor, before the super call (skip hooks only): still uninitialized.
            locals[n++] = constructor ? Opcodes.UNINITIALIZED_THIS : owner;
        }
        for (Type t : args) {
            locals[n++] = verificationType(t);
        }
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, onStack == null ? 0 : 1,
                onStack == null ? new Object[0] : new Object[] {onStack});
    }

    private static Object verificationType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getInternalName();
        }
    }
}

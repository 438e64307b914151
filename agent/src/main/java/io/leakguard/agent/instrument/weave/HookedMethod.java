package io.leakguard.agent.instrument.weave;

import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves the hooks of one method. No new local variables and no frame computation: the hooks
 * take their values from the stack, the arguments and fields, and the places that need a stack
 * map frame (the catch-all handler of throw hooks, the continuation after a skip or refusal hook)
 * hold nothing but the instance and the arguments. At entry their types are the descriptor's.
 * The handler can be reached from anywhere in the body, so its frame must hold for what the body
 * stores into a parameter's slot: javac never stores a value of another type there, but other
 * compilers and obfuscators (JDBC drivers are woven too) reuse slots. The stores are watched as
 * the body goes by: a slot that received another reference is an Object in the handler's frame,
 * one that received another kind of value is left out of it, and a hook that would read such a
 * slot where it runs (exit or throw) fails the weaving of the class, which then loads unchanged
 * and is reported, rather than fail the JVM's verifier. The class is read with expanded frames,
 * so the frames written here are too.
 *
 * <p>Such a class is then woven once more with copies ({@link HookWeaver}): the instance and the
 * arguments the later hooks read are copied at entry into new slots past the method's own
 * (its max locals, read beforehand), which the body never touches, and every frame of the body
 * is extended with them. The JDK's dynamic proxies need it: each method ends with a handler
 * that stores the caught Throwable in slot 1 (JDK 17) or whose frame drops the instance (JDK 25),
 * code that never reaches a return, which the conservative check cannot tell.
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
    /** Per slot of the instance and the arguments: what the body stored there (see {@link #visitVarInsn}). */
    private final byte[] stored;
    private static final byte SAME_KIND = 1;
    private static final byte OTHER_KIND = 2;
    /** With copies: the first slot past the method's own locals; -1 without. */
    private final int copyBase;
    /** With copies: per slot of the instance and the arguments, the slot of its copy, or -1. */
    private final int[] copyOf;
    /** With copies: the slots the copies take. */
    private int copySize;

    /** Thrown when a later hook reads a slot the body may have changed: the class is woven again with copies. */
    static final class SlotReused extends IllegalStateException {
        SlotReused(String message) {
            super(message);
        }
    }

    /** @param maxLocals the method's own max locals to weave with copies after them, or -1 to weave without */
    HookedMethod(MethodVisitor next, String owner, int access, String name, String descriptor, List<Hook> hooks,
                 Map<String, String> fields, int maxLocals) {
        super(Opcodes.ASM9, next);
        this.owner = owner;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.constructor = "<init>".equals(name);
        this.args = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.hooks = hooks;
        this.fields = fields;
        this.stored = new byte[slotOf(args.length)];
        for (Hook h : hooks) {
            if (h.where == Hook.Where.THROW) {
                if (constructor) {
                    throw new IllegalArgumentException("no throw hooks in constructors: " + owner + "." + name);
                }
                throwHooks = true;
                for (Value v : h.values) {
                    if (v == Value.RETURNED || v == Value.RETURNED_OBJECT) {
                        throw new IllegalArgumentException("a throw hook has no returned value: " + h.name);
                    }
                }
            }
            if (h.where == Hook.Where.REFUSE && constructor) {
                throw new IllegalArgumentException("no refusal hooks in constructors: " + owner + "." + name);
            }
            if (h.where == Hook.Where.SKIP_WHEN_TRUE && returnType.getSort() != Type.VOID) {
                throw new IllegalArgumentException("skip hooks only in void methods: " + owner + "." + name);
            }
        }
        this.copyOf = new int[stored.length];
        java.util.Arrays.fill(copyOf, -1);
        if (maxLocals >= 0) {
            if (constructor) {
                throw new IllegalArgumentException("no copies in constructors: " + owner); // HookWeaver never asks
            }
            this.copyBase = maxLocals;
            boolean[] read = new boolean[stored.length];
            for (Hook h : hooks) {
                if (h.where == Hook.Where.EXIT || h.where == Hook.Where.THROW) {
                    for (Value v : h.values) {
                        int slot = readSlot(v);
                        if (slot >= 0) {
                            read[slot] = true;
                        }
                    }
                }
            }
            // In slot order: the frames list the copies in that order.
            for (int slot = 0; slot < read.length; slot++) {
                if (read[slot]) {
                    copyOf[slot] = copyBase + copySize;
                    copySize += slot == 0 && !isStatic ? 1 : args[argOf(slot)].getSize();
                }
            }
        } else {
            this.copyBase = -1;
        }
    }

    /** The slot of the instance or argument {@code v} reads, or -1 (a constant, the stack). */
    private int readSlot(Value v) {
        if (v.kind == Value.Kind.THIS || v.kind == Value.Kind.FIELD) {
            return 0;
        }
        if (v.kind == Value.Kind.ARG || (v.kind == Value.Kind.ARG_OBJECT && v.index < args.length && isReference(args[v.index]))) {
            return slotOf(v.index);
        }
        return -1;
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
            } else if (h.where == Hook.Where.REFUSE) {
                refuse(h);
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
        for (int slot = 0; slot < copyOf.length; slot++) {
            if (copyOf[slot] >= 0) {
                int opcode = declaredStore(slot);
                super.visitVarInsn(opcode - (Opcodes.ISTORE - Opcodes.ILOAD), slot);
                super.visitVarInsn(opcode, copyOf[slot]);
            }
        }
        super.visitLabel(bodyStart);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            for (Hook h : hooks) {
                if (h.where == Hook.Where.EXIT) {
                    call(h, true);
                    drop(Type.getReturnType(h.descriptor));
                }
            }
        }
        super.visitInsn(opcode);
    }

    /**
     * The refusal: the hook's message, when not null, thrown as a new exception of the hook's
     * class, before the body runs.
     */
    private void refuse(Hook h) {
        Label go = new Label();
        call(h);                                      // message
        super.visitInsn(Opcodes.DUP);                 // message, message
        super.visitJumpInsn(Opcodes.IFNULL, go);      // message
        super.visitTypeInsn(Opcodes.NEW, h.refusal);  // message, e
        super.visitInsn(Opcodes.DUP_X1);              // e, message, e
        super.visitInsn(Opcodes.SWAP);                // e, e, message
        String init = "(Ljava/lang/String;)V";
        if (h.sqlState != null) {
            super.visitLdcInsn(h.sqlState);           // e, e, message, state
            init = "(Ljava/lang/String;Ljava/lang/String;)V";
        }
        super.visitMethodInsn(Opcodes.INVOKESPECIAL, h.refusal, "<init>", init, false);
        super.visitInsn(Opcodes.ATHROW);
        super.visitLabel(go);
        frame("java/lang/String");                    // null
        super.visitInsn(Opcodes.POP);
    }

    /** Watches the body's stores into the instance's and the arguments' slots (see the class comment). */
    @Override
    public void visitVarInsn(int opcode, int var) {
        if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && var < stored.length) {
            int first = firstSlotOf(var);
            mark(first, first == var && declaredStore(first) == opcode ? SAME_KIND : OTHER_KIND);
            if ((opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE) && var + 1 < stored.length
                    && firstSlotOf(var + 1) != first) {
                // The second slot of a long or double belongs to the next parameter: overwritten too.
                mark(firstSlotOf(var + 1), OTHER_KIND);
            }
        }
        super.visitVarInsn(opcode, var);
    }

    private void mark(int slot, byte kind) {
        stored[slot] = (byte) Math.max(stored[slot], kind);
    }

    /**
     * The body's own frames: a tool that writes frames by liveness (ProGuard's preverifier) marks a
     * parameter it no longer needs as TOP, without any store; from there on the slot holds
     * nothing a hook may read, and the handler's frame must not claim it does. A frame that
     * shows another type in the slot is the same evidence. (Javac's frames keep the declared
     * types; a constructor's instance is uninitialized before its super call.)
     */
    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (type == Opcodes.F_NEW) {
            int slot = 0;
            for (int i = 0; i < numLocal && slot < stored.length; i++) {
                Object t = local[i];
                if (slot == firstSlotOf(slot)) {
                    byte kind = frameKind(slot, t);
                    if (kind != 0) {
                        mark(slot, kind);
                    }
                }
                slot += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
            }
            for (int rest = slot; rest < stored.length; rest++) {
                if (rest == firstSlotOf(rest)) {
                    mark(rest, OTHER_KIND); // beyond the frame's locals: TOP
                }
            }
            if (copyBase >= 0) {
                Object[] withCopies = withCopies(java.util.Arrays.asList(local).subList(0, numLocal));
                super.visitFrame(type, withCopies.length, withCopies, numStack, stack);
                return;
            }
        }
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    /** A frame's locals, then TOP up to the copies, then the copies (set at entry, never changed). */
    private Object[] withCopies(List<Object> locals) {
        List<Object> out = new java.util.ArrayList<>(locals);
        int slots = 0;
        for (Object t : locals) {
            slots += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
        }
        for (; slots < copyBase; slots++) {
            out.add(Opcodes.TOP);
        }
        for (int slot = 0; slot < copyOf.length; slot++) {
            if (copyOf[slot] >= 0) {
                out.add(slot == 0 && !isStatic ? owner : verificationType(args[argOf(slot)]));
            }
        }
        return out.toArray();
    }

    /** What a frame's type in the first slot of the instance or an argument says: 0 as declared, or SAME/OTHER_KIND. */
    private byte frameKind(int slot, Object t) {
        int declared = declaredStore(slot);
        if (t == Opcodes.TOP) {
            return OTHER_KIND;
        }
        if (declared == Opcodes.ASTORE) {
            if (t == Opcodes.NULL || (slot == 0 && !isStatic && (t == Opcodes.UNINITIALIZED_THIS || owner.equals(t)))) {
                return 0;
            }
            if (t instanceof String) {
                Type d = slot == 0 && !isStatic ? null : args[argOf(slot)];
                return d != null && d.getInternalName().equals(t) ? 0 : SAME_KIND;
            }
            return OTHER_KIND;
        }
        Object expected = verificationType(args[argOf(slot)]);
        return expected.equals(t) ? 0 : OTHER_KIND;
    }

    /** The argument whose first slot is {@code slot}. */
    private int argOf(int slot) {
        for (int i = 0; i < args.length; i++) {
            if (slotOf(i) == slot) {
                return i;
            }
        }
        throw new IllegalArgumentException("no argument at slot " + slot);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (copyBase < 0) {
            checkHookReads();
        }
        if (throwHooks) {
            Label handler = new Label();
            // Registered last, so the method's own handlers, which come first in the table, still
            // catch what they caught: this one only sees what leaves the method.
            super.visitTryCatchBlock(bodyStart, handler, handler, "java/lang/Throwable");
            super.visitLabel(handler);
            handlerFrame();
            for (Hook h : hooks) {
                if (h.where == Hook.Where.THROW) {
                    call(h, true);
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
        super.visitMaxs(maxStack + EXTRA_STACK, copyBase < 0 ? maxLocals : Math.max(maxLocals, copyBase + copySize));
    }

    private void call(Hook h) {
        call(h, false);
    }

    /** @param afterBody an exit or throw hook: with copies, it reads them */
    private void call(Hook h, boolean afterBody) {
        for (Value v : h.values) {
            load(v, afterBody);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, h.owner, h.name, h.descriptor, false);
    }

    /** The slot to read {@code slot} from: its copy after the body, when woven with copies. */
    private int from(int slot, boolean afterBody) {
        return afterBody && copyOf[slot] >= 0 ? copyOf[slot] : slot;
    }

    private void load(Value v, boolean afterBody) {
        switch (v.kind) {
            case THIS:
                super.visitVarInsn(Opcodes.ALOAD, from(0, afterBody));
                break;
            case ARG:
                super.visitVarInsn(args[v.index].getOpcode(Opcodes.ILOAD), from(slotOf(v.index), afterBody));
                break;
            case FIELD:
                String type = fields.get(v.field);
                if (type == null) {
                    throw new IllegalArgumentException(owner + " has no field " + v.field);
                }
                super.visitVarInsn(Opcodes.ALOAD, from(0, afterBody));
                super.visitFieldInsn(Opcodes.GETFIELD, owner, v.field, type);
                break;
            case CONSTANT:
                constant(v.constant);
                break;
            case ARG_OBJECT:
                if (v.index < args.length && isReference(args[v.index])) {
                    super.visitVarInsn(Opcodes.ALOAD, from(slotOf(v.index), afterBody));
                } else {
                    super.visitInsn(Opcodes.ACONST_NULL);
                }
                break;
            case RETURNED:
                super.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                break;
            case RETURNED_OBJECT:
                // At a return of an object the value is on the stack; a throw hook has none.
                super.visitInsn(isReference(returnType) ? Opcodes.DUP : Opcodes.ACONST_NULL);
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

    private static boolean isReference(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    /**
     * After the body: every hook that runs after entry reads the instance and arguments as the
     * body left them, so each slot it reads must still hold what the hook can take.
     */
    private void checkHookReads() {
        for (Hook h : hooks) {
            if (h.where != Hook.Where.EXIT && h.where != Hook.Where.THROW) {
                continue;
            }
            Type[] params = Type.getArgumentTypes(h.descriptor);
            for (int i = 0; i < h.values.length; i++) {
                Value v = h.values[i];
                int slot;
                if (v.kind == Value.Kind.THIS || v.kind == Value.Kind.FIELD) {
                    slot = 0;
                } else if (v.kind == Value.Kind.ARG || (v.kind == Value.Kind.ARG_OBJECT && v.index < args.length
                        && isReference(args[v.index]))) {
                    slot = slotOf(v.index);
                } else {
                    continue;
                }
                boolean asObject = "java/lang/Object".equals(params[i].getInternalName()) && v.kind != Value.Kind.FIELD;
                if (stored[slot] == OTHER_KIND || (stored[slot] == SAME_KIND && isReferenceSlot(slot) && !asObject)) {
                    throw new SlotReused(owner + ": a method stores another value into the slot hook "
                            + h.name + " reads; not woven");
                }
            }
        }
    }

    private boolean isReferenceSlot(int slot) {
        return declaredStore(slot) == Opcodes.ASTORE;
    }

    /** The store opcode of the value declared in {@code slot} (the first slot of a long or double). */
    private int declaredStore(int slot) {
        if (!isStatic && slot == 0) {
            return Opcodes.ASTORE;
        }
        for (int i = 0; i < args.length; i++) {
            if (slotOf(i) == slot) {
                return args[i].getOpcode(Opcodes.ISTORE);
            }
        }
        return -1;
    }

    /** The first slot of the instance or argument that {@code slot} belongs to. */
    private int firstSlotOf(int slot) {
        int s = isStatic ? 0 : 1;
        if (!isStatic && slot == 0) {
            return 0;
        }
        for (Type a : args) {
            if (slot < s + a.getSize()) {
                return s;
            }
            s += a.getSize();
        }
        return slot;
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

    /**
     * The catch-all handler's frame: the instance and the arguments as the body may have left
     * them (a slot that received another reference: Object; another kind of value: not in the
     * frame), the throwable on the stack.
     */
    private void handlerFrame() {
        java.util.List<Object> locals = new java.util.ArrayList<>();
        if (!isStatic) {
            locals.add(stored[0] == 0 ? owner : stored[0] == SAME_KIND ? "java/lang/Object" : Opcodes.TOP);
        }
        for (int i = 0; i < args.length; i++) {
            int slot = slotOf(i);
            if (stored[slot] == 0) {
                locals.add(verificationType(args[i]));
            } else if (stored[slot] == SAME_KIND && isReference(args[i])) {
                locals.add("java/lang/Object");
            } else if (stored[slot] == SAME_KIND) {
                locals.add(verificationType(args[i]));
            } else {
                for (int k = 0; k < args[i].getSize(); k++) {
                    locals.add(Opcodes.TOP);
                }
            }
        }
        Object[] frame = copyBase >= 0 ? withCopies(locals) : locals.toArray();
        super.visitFrame(Opcodes.F_NEW, frame.length, frame, 1, new Object[] {"java/lang/Throwable"});
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

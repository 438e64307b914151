package io.leakguard.bootstrap;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ci mode, rule 5 in depth: whether a class's static field holds a file or socket through the
 * objects it holds. A client kept in a static field keeps its idle kept-alive connections deep
 * inside (client, connection manager, pool, list, entry, connection, socket holder, socket), and
 * a library's lazily created singleton keeps what it opened in its own static: what such a
 * structure holds when a test ends is the structure's, not the test's (commons-dbcp's
 * {@code TestConnectionWithNarayana}: Narayana's process-id socket, created by the first
 * transaction and kept for the JVM's life).
 *
 * <p>A breadth-first walk from the field's value: the declared fields of the application's and
 * libraries' objects, the elements of arrays and of the JDK's collections and maps, what an
 * {@link AtomicReference} holds; nothing else of the JDK's (its objects are not opened to us, and
 * calling into the application's code is never done). Bounded in depth and in objects: asked
 * only for what is about to fail a test.
 */
final class StaticHolders {
    /** Client, manager, pool, list, entry, connection, holder, socket: eight steps. */
    static final int MAX_DEPTH = 10;
    /** Elements looked at per array or collection. */
    private static final int MAX_ELEMENTS = 1_000;

    private StaticHolders() {
    }

    /**
     * "Class.field" of a static field of {@code owner} (or of an application superclass) from which
     * the resource can be reached within the bounds; null if none.
     */
    static String holding(Class<?> owner, Object resource, ObjectWalk walk) {
        return holding(owner, resource, walk, MAX_DEPTH);
    }

    /** As above, at most {@code maxDepth} steps from the field's value (1: the value, or one element or field of it). */
    static String holding(Class<?> owner, Object resource, ObjectWalk walk, int maxDepth) {
        return holding(owner, new Object[] {resource}, walk, maxDepth, true);
    }

    /**
     * As above, for any of the targets (nulls ignored); through the JDK's collections and maps only
     * when collections is true (arrays and AtomicReference always).
     */
    static String holding(Class<?> owner, Object[] targets, ObjectWalk walk, int maxDepth, boolean collections) {
        return fieldHolding(owner, null, targets, walk, maxDepth, collections);
    }

    /**
     * "Class.field" of an instance field of the object (a test class's one test instance under
     * {@code @TestInstance(PER_CLASS)}, whose fields are the class's fixtures as its statics are),
     * or of an application superclass's, from which a target can be reached within the bounds;
     * null if none.
     */
    static String instanceHolding(Object instance, Object[] targets, ObjectWalk walk, int maxDepth, boolean collections) {
        return fieldHolding(instance.getClass(), instance, targets, walk, maxDepth, collections);
    }

    /** The static fields of the class and its application superclasses (instance null), or the instance's fields. */
    private static String fieldHolding(Class<?> type, Object instance, Object[] targets, ObjectWalk walk, int maxDepth,
            boolean collections) {
        for (Class<?> c = type; c != null && !Frames.isJdk(c.getName()); c = c.getSuperclass()) {
            Field[] fields;
            try {
                fields = c.getDeclaredFields();
            } catch (Throwable unreadable) {
                return null; // a class whose field types cannot be resolved holds nothing we can see
            }
            for (Field f : fields) {
                if (Modifier.isStatic(f.getModifiers()) != (instance == null) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    if (f.trySetAccessible() && !walk.spent() && reaches(f.get(instance), targets, walk, maxDepth, collections)) {
                        return c.getSimpleName() + "." + f.getName();
                    }
                } catch (ReflectiveOperationException | RuntimeException unreadable) {
                    // A field we may not read holds nothing we can see.
                }
            }
        }
        return null;
    }

    /** Whether the resource is the root or can be reached from it within the bounds (the walk's budget is spent on it). */
    static boolean reaches(Object root, Object resource, ObjectWalk walk) {
        return reaches(root, new Object[] {resource}, walk, MAX_DEPTH, true);
    }

    /**
     * Breadth first from the root, so the nearest holder is found first; each object looked into
     * is taken from the walk's budget, and one the walk looked into from as near before (from
     * another root) is not looked into again.
     */
    private static boolean reaches(Object root, Object[] targets, ObjectWalk walk, int maxDepth, boolean collections) {
        if (root == null) {
            return false;
        }
        if (isTarget(root, targets)) {
            return true;
        }
        if (isLeaf(root, collections) || !walk.enter(root, 0)) {
            return false;
        }
        ArrayDeque<Object> level = new ArrayDeque<>();
        level.add(root);
        for (int depth = 1; depth <= maxDepth && !level.isEmpty(); depth++) {
            ArrayDeque<Object> next = new ArrayDeque<>();
            for (Object o : level) {
                for (Object child : children(o, collections)) {
                    if (child == null) {
                        continue;
                    }
                    if (isTarget(child, targets)) {
                        return true;
                    }
                    if (walk.spent()) {
                        return false;
                    }
                    if (isLeaf(child, collections)) {
                        walk.leaf();
                    } else if (depth < maxDepth && walk.enter(child, depth)) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return false;
    }

    private static boolean isTarget(Object o, Object[] targets) {
        for (Object t : targets) {
            if (o == t) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@link #children} of the object is always empty: compared with the targets, never looked into. */
    private static boolean isLeaf(Object o, boolean collections) {
        Class<?> type = o.getClass();
        if (type.isArray()) {
            return type.getComponentType().isPrimitive();
        }
        if (!Frames.isJdk(type.getName())) {
            return false;
        }
        if (o instanceof SelectionKey) {
            return false;
        }
        return !PLAIN.contains(type) || !(collections || o instanceof AtomicReference);
    }

    private static final Object[] NONE = new Object[0];

    /** What one object holds, as far as it is looked at (see the class comment). */
    private static Object[] children(Object o, boolean collections) {
        Class<?> type = o.getClass();
        if (type.isArray()) {
            return type.getComponentType().isPrimitive() ? NONE : first((Object[]) o);
        }
        if (Frames.isJdk(type.getName())) {
            if (o instanceof SelectionKey) {
                // A server's listening channel is held by its selector's key (HttpCore's
                // listener endpoint keeps only the key): the key's channel and attachment, read
                // through its two getters, which take no lock.
                SelectionKey key = (SelectionKey) o;
                return new Object[] {key.channel(), key.attachment()};
            }
            return collections || o instanceof AtomicReference ? jdkChildren(o, type) : NONE;
        }
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Class<?> c = type; c != null && !Frames.isJdk(c.getName()); c = c.getSuperclass()) {
            Field[] fields;
            try {
                fields = c.getDeclaredFields();
            } catch (Throwable unreadable) {
                break;
            }
            for (Field f : fields) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    // Inside the try: a field that refuses (SecurityException) is skipped, and the
                    // walk goes on with the next, never cut short with objects marked as looked into.
                    if (f.trySetAccessible()) {
                        out.add(f.get(o));
                    }
                } catch (ReflectiveOperationException | RuntimeException unreadable) {
                    // skipped
                }
            }
        }
        return out.toArray();
    }

    /**
     * The JDK's plain collections and maps, iterated (never copied whole) up to MAX_ELEMENTS:
     * only these concrete classes, whose iteration runs no one else's code and takes no lock
     * another thread may hold through I/O. A wrapper (Collections.synchronizedList, an
     * unmodifiable view) may wrap the application's own collection: not looked into.
     */
    private static final java.util.Set<Class<?>> PLAIN = java.util.Set.of(java.util.ArrayList.class,
            java.util.LinkedList.class, java.util.ArrayDeque.class, java.util.HashSet.class, java.util.LinkedHashSet.class,
            java.util.HashMap.class, java.util.LinkedHashMap.class, java.util.IdentityHashMap.class, java.util.TreeMap.class,
            java.util.concurrent.ConcurrentHashMap.class, java.util.concurrent.CopyOnWriteArrayList.class,
            java.util.concurrent.CopyOnWriteArraySet.class, java.util.concurrent.ConcurrentLinkedQueue.class,
            java.util.concurrent.ConcurrentLinkedDeque.class, AtomicReference.class);

    private static Object[] jdkChildren(Object o, Class<?> type) {
        if (!PLAIN.contains(type)) {
            return NONE;
        }
        if (o instanceof AtomicReference) {
            return new Object[] {((AtomicReference<?>) o).get()};
        }
        Iterable<?> elements = o instanceof Map ? ((Map<?, ?>) o).values() : (Collection<?>) o;
        java.util.List<Object> out = new java.util.ArrayList<>();
        try {
            for (Object e : elements) {
                if (out.size() == MAX_ELEMENTS) {
                    break;
                }
                out.add(e);
            }
        } catch (RuntimeException concurrentlyChanged) {
            // what was seen so far
        }
        return out.toArray();
    }

    /**
     * ci mode, when a trace is resolved: whether each frame of the application's and libraries'
     * code above the test framework's was loaded by the system class loader (the one Surefire and
     * Gradle put the test class path in). Then a class named in the stack's lines, looked up
     * there, is the very class that ran, so already initialized: reading its static fields
     * initializes nothing. A frame of another loader (a plugin's, a container's) might name a
     * copy that never ran.
     */
    static boolean onTheSystemLoader(StackTraceElement[] frames) {
        String system = systemLoaderName();
        if (system == null) {
            return false;
        }
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            if (Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS)) {
                return true;
            }
            if (Frames.isJdk(c) || Frames.isTracker(c)) {
                continue;
            }
            if (!system.equals(f.getClassLoaderName())) {
                return false;
            }
        }
        return true;
    }

    private static String systemLoaderName() {
        try {
            return ClassLoader.getSystemClassLoader().getName();
        } catch (Throwable t) {
            return null;
        }
    }

    private static Object[] first(Object[] all) {
        if (all.length <= MAX_ELEMENTS) {
            return all;
        }
        Object[] out = new Object[MAX_ELEMENTS];
        System.arraycopy(all, 0, out, 0, MAX_ELEMENTS);
        return out;
    }
}

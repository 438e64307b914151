package io.leakguard.bootstrap;

import java.util.IdentityHashMap;

/**
 * One question's walk through the objects static fields hold ({@link StaticHolders}): how much it
 * may still look at, and what it has looked into already, at which depth. One walk serves every
 * static field asked about the same targets, so a structure many classes reach is looked into
 * once, not once per class: each of Commons VFS's classes keeps a static logger whose graph is
 * about 1,500 objects, and a budget spent class by class ran out before the manager holding the
 * file was reached (its JarAttributesTest failed in the full suite and passed alone).
 *
 * <p>An object already looked into from as near a root or nearer is not looked into again: what
 * lies within the remaining depth of it was seen then. One walk per question: the targets and
 * whether collections are followed must stay the same for all its fields.
 */
final class ObjectWalk {
    /** Objects looked into per question: a static holding a whole application context stops here. */
    static final int MAX_OBJECTS = 50_000;
    /**
     * Objects with nothing to look into (a string, the JDK's other objects, a primitive array)
     * cost a sixteenth each: only compared with the targets, never read.
     */
    private static final int LEAVES_PER_OBJECT = 16;

    private final IdentityHashMap<Object, Integer> depths = new IdentityHashMap<>();
    private int left;
    private int leaves;

    ObjectWalk() {
        this(MAX_OBJECTS);
    }

    ObjectWalk(int objects) {
        left = objects;
    }

    boolean spent() {
        return left <= 0;
    }

    /** What is left of the budget (tests). */
    int left() {
        return left;
    }

    /**
     * Whether to look into the object, reached now this many steps from its root: not if it was
     * looked into from as near or nearer already. Each object looked into takes one from the budget.
     */
    boolean enter(Object o, int depth) {
        Integer before = depths.get(o);
        if (before != null && before <= depth) {
            return false;
        }
        depths.put(o, depth);
        left--;
        return true;
    }

    /** An object with nothing to look into was compared with the targets. */
    void leaf() {
        if (++leaves == LEAVES_PER_OBJECT) {
            leaves = 0;
            left--;
        }
    }
}

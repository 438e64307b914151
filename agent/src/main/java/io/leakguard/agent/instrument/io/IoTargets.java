package io.leakguard.agent.instrument.io;

import io.leakguard.agent.instrument.weave.JdkTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.ArrayList;
import java.util.List;

/**
 * io.slow's targets. Several of its classes are already woven by the file and socket families
 * (one target per class is what the transformer keeps), so the hooks are added to the target of
 * the same class where there is one, and a target of their own otherwise.
 */
public final class IoTargets {
    private IoTargets() {
    }

    /** Adds the blocking calls of files (when files) and sockets (when sockets) to targets. */
    public static void addTo(List<JdkTarget> targets, boolean files, boolean sockets) {
        List<JdkTarget> io = new ArrayList<>();
        if (files) {
            io.add(new FileInputStreamIo());
            io.add(new FileOutputStreamIo());
            io.add(new RandomAccessFileIo());
            io.add(new FileChannelImplIo());
        }
        if (sockets) {
            io.add(new SocketStreamIo(true));
            io.add(new SocketStreamIo(false));
            io.add(new SocketChannelImplIo());
        }
        for (JdkTarget t : io) {
            int at = indexOf(targets, t.typeName());
            if (at < 0) {
                targets.add(t);
            } else {
                targets.set(at, new Both(targets.get(at), t));
            }
        }
    }

    private static int indexOf(List<JdkTarget> targets, String typeName) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).typeName().equals(typeName)) {
                return i;
            }
        }
        return -1;
    }

    /** One class's family target with io.slow's hooks added (the weaver joins the hooks of every selector that matches). */
    private static final class Both implements JdkTarget {
        private final JdkTarget family;
        private final JdkTarget io;

        Both(JdkTarget family, JdkTarget io) {
            this.family = family;
            this.io = io;
        }

        @Override
        public String typeName() {
            return family.typeName();
        }

        @Override
        public boolean appliesToRuntime() {
            return family.appliesToRuntime();
        }

        @Override
        public List<MethodHooks> methods() {
            List<MethodHooks> m = new ArrayList<>(family.methods());
            m.addAll(io.methods());
            return m;
        }
    }
}

package io.leakguard.bootstrap;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds where a resource was acquired, with a bounded StackWalker walk that stops at the first
 * application frame (see {@link Frames} for what is whose). Sites are interned, so a resource
 * costs one pointer to its site.
 *
 * <p>The answer is an application {@link Site}, or null, not tracked: when a JDK mechanism is the
 * real owner (class loading opening class-path jars, the security providers opening
 * /dev/random), or when no application frame is on the stack at all (a JDK or library thread
 * working for itself). For a lock, {@link #JDK_LOCK} when the JDK's own code took it.
 */
final class SiteCapture {

    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    /** For the caller of lock(): a lambda's proxy between it and the JDK code that ran it must be seen (LockCaller). */
    private static final StackWalker LOCK_WALKER = StackWalker.getInstance(
            EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

    /** Library frames skipped on the way to the application frame; set from configuration. */
    static volatile String[] libraries = {};
    static volatile int maxDepth = 64;

    private static final ConcurrentHashMap<FrameKey, Site> SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Site> SITES_BY_FRAME = new ConcurrentHashMap<>();
    /** Site of a resource acquired under the site-capture budget's limit (see Tracker). */
    static final Site UNSAMPLED = new Site("(site not sampled)", new String[0]);
    /**
     * {@link #lockSite}'s answer when the JDK's own code called lock() (a queue's, a stream's
     * internal lock): never a hold to record, and the same for every later lock() of that lock.
     */
    static final Site JDK_LOCK = new Site("(taken by the JDK)", new String[0]);
    /** Site of a ci-mode record that turned out to belong to the JDK; never reported. */
    static final Site JDK_OWNED = new Site("(JDK-owned)", new String[0]);

    private SiteCapture() {
    }

    /** {@link Frames#classify} with the configured libraries; by name only (ci mode). */
    static int classify(String className) {
        return classify(className, null);
    }

    static int classify(String className, Class<?> type) {
        return Frames.classify(className, type, libraries);
    }

    /**
     * For connection acquisitions: application methods that only hand a connection on (a
     * wrapper DataSource's getConnection, a DAO's getConnection() helper) are not where it
     * leaked; their caller is.
     */
    static boolean isConnectionAccessor(String method) {
        return method.equals("getConnection") || method.equals("connect");
    }

    /** Walks to the first application frame; stops there, so the walk is short. */
    private static final class FirstFrame implements Function<Stream<StackFrame>, StackFrame> {
        private final boolean skipConnectionAccessors;

        FirstFrame(boolean skipConnectionAccessors) {
            this.skipConnectionAccessors = skipConnectionAccessors;
        }

        @Override
        public StackFrame apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            int limit = maxDepth;
            StackFrame above = null;
            for (int n = 0; n < limit && it.hasNext(); n++) {
                StackFrame f = it.next();
                int kind = classify(f.getClassName(), f.getDeclaringClass());
                if (kind == Frames.APPLICATION && !(skipConnectionAccessors && isConnectionAccessor(f.getMethodName()))
                        && !ResourceConstructors.chained(above, f)) {
                    return f;
                }
                if (kind == Frames.INTERNAL_OWNER) {
                    return null;
                }
                above = f;
            }
            return null;
        }
    }

    /** Collects up to maxDepth frames below the agent's own. */
    private static final class AllFrames implements Function<Stream<StackFrame>, List<StackFrame>> {
        @Override
        public List<StackFrame> apply(Stream<StackFrame> frames) {
            List<StackFrame> out = new ArrayList<>(24);
            Iterator<StackFrame> it = frames.iterator();
            int limit = maxDepth;
            while (out.size() < limit && it.hasNext()) {
                StackFrame f = it.next();
                if (out.isEmpty() && Frames.isTracker(f.getClassName())) {
                    continue;
                }
                out.add(f);
            }
            return out;
        }
    }

    /**
     * For locks: the frame that called lock() decides. When it is the JDK's own code (a socket's
     * read lock, a PrintStream's internal lock, a queue), the JDK took the lock for itself and
     * holds it for as long as its I/O blocks: no site (that JDK frame is the answer, which
     * lockSite turns into JDK_LOCK, and the thread remembers the lock as the JDK's). Otherwise,
     * as for resources.
     *
     * <p>A lambda's or method reference's proxy (a hidden class), a method handle's and
     * reflection's frames are not who called lock(): they are passed over, and an application's
     * proxy between lock() and the JDK code that ran it ({@code locks.forEach(Lock::lock)},
     * {@code executor.submit(lock::lock)}) means the application took the lock: the JDK frame
     * below is then no answer (the lock would be remembered as the JDK's, and the application's
     * own lock() of it never walked again); the first application frame further down is.
     */
    private static final class LockCaller implements Function<Stream<StackFrame>, StackFrame> {
        @Override
        public StackFrame apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            int limit = maxDepth;
            boolean callerSeen = false;
            boolean applicationsProxy = false;
            for (int n = 0; n < limit && it.hasNext(); n++) {
                StackFrame f = it.next();
                String c = f.getClassName();
                if (!callerSeen) {
                    if (Frames.isTracker(c) || Frames.isLockApi(c)) {
                        continue;
                    }
                    if (f.getDeclaringClass().isHidden() || Frames.isInvocation(c)) {
                        applicationsProxy |= !Frames.isJdk(c);
                        continue;
                    }
                    callerSeen = true;
                    if (Frames.isJdk(c) && !applicationsProxy) {
                        return f; // the JDK's own lock: lockSite answers JDK_LOCK
                    }
                }
                if (f.getDeclaringClass().isHidden()) {
                    continue; // never a line of its own
                }
                int kind = classify(c, f.getDeclaringClass());
                if (kind == Frames.APPLICATION) {
                    return f;
                }
                if (kind == Frames.INTERNAL_OWNER) {
                    return null;
                }
            }
            return null;
        }
    }

    private static final LockCaller LOCK_CALLER = new LockCaller();
    private static final FirstFrame FIRST_FRAME = new FirstFrame(false);
    private static final FirstFrame FIRST_CALLER_OF_CONNECTION = new FirstFrame(true);
    private static final AllFrames ALL_FRAMES = new AllFrames();

    /** ci mode: per lock line, the sites of the last tests that took a lock there (see {@link #lockSite}). */
    private static final ConcurrentHashMap<FrameKey, Site[]> TEST_LOCK_SITES = new ConcurrentHashMap<>();
    /** Tests per line kept at once, by test number: as many as a suite runs at the same time, commonly. */
    private static final int TESTS_PER_LINE = 8;

    /**
     * Where the application took a lock; {@link #JDK_LOCK} when the JDK's code took it for itself;
     * null when no application frame is on the stack. A site's stack is
     * captured once per line, the first time it is seen; in ci mode (test, the test's number, not
     * 0) once per line and test instead: a helper that takes a lock for every test must not show
     * the first test's stack in every later test's failure (jsoup's suite). One more walk the
     * first time a test takes a lock at a line; per line, the sites of up to eight tests running
     * at once (slot: the test's number modulo eight), so tests that take turns at a line do not
     * walk again at each turn.
     */
    static Site lockSite(int test) {
        StackFrame f = LOCK_WALKER.walk(LOCK_CALLER);
        if (f != null && Frames.isJdk(f.getClassName())) {
            return JDK_LOCK; // an application frame is never the JDK's
        }
        Site shared = intern(f, false);
        if (test == 0 || shared == null) {
            return shared;
        }
        FrameKey key = FrameKey.of(f);
        Site[] slots = TEST_LOCK_SITES.get(key);
        if (slots == null) {
            Site[] fresh = new Site[TESTS_PER_LINE];
            Site[] prior = TEST_LOCK_SITES.putIfAbsent(key, fresh);
            slots = prior != null ? prior : fresh;
        }
        int slot = test & (TESTS_PER_LINE - 1);
        Site mine = slots[slot]; // a racy read of an immutable Site: at worst one more walk
        if (mine == null || mine.test != test) {
            mine = new Site(shared.frame, lines(WALKER.walk(ALL_FRAMES), false), test);
            slots[slot] = mine;
        }
        return mine;
    }

    /**
     * Monitor mode: the first application frame, interned, its stack captured once per site; null
     * when the JDK owns the resource or no application frame exists.
     */
    static Site firstApplicationSite(boolean connection) {
        return intern(WALKER.walk(connection ? FIRST_CALLER_OF_CONNECTION : FIRST_FRAME), connection);
    }

    private static Site intern(StackFrame f, boolean connection) {
        if (f == null) {
            return null;
        }
        FrameKey key = new FrameKey(f.getDeclaringClass(), f.getMethodName(), f.getByteCodeIndex());
        Site site = SITES.get(key);
        if (site == null) {
            List<StackFrame> all = WALKER.walk(ALL_FRAMES);
            site = SITES.computeIfAbsent(key, new NewSite(f, lines(all, connection)));
        }
        return site;
    }

    private static final class NewSite implements Function<FrameKey, Site> {
        private final StackFrame frame;
        private final String[] stack;

        NewSite(StackFrame frame, String[] stack) {
            this.frame = frame;
            this.stack = stack;
        }

        @Override
        public Site apply(FrameKey k) {
            return new Site(frame.toStackTraceElement().toString(), stack);
        }
    }

    /**
     * ci mode: resolves a captured {@link AcquisitionTrace} into its site and stack lines. Runs on
     * the scanner thread, never at acquisition: capturing a Throwable costs a fraction of a
     * StackWalker walk, and turning it into StackTraceElements is the expensive part.
     */
    static Site resolve(AcquisitionTrace trace, boolean connection, String[][] linesOut) {
        return resolve(trace, connection, linesOut, null);
    }

    /**
     * As above; the lines reach at least the frames of testClass (when not null) nearest the
     * acquisition, past maxDepth if need be: a failure's stack must show the test that owns the
     * resource, and the test method's line when a helper of its class acquired it.
     */
    static Site resolve(AcquisitionTrace trace, boolean connection, String[][] linesOut, String testClass) {
        StackTraceElement[] all = trace.getStackTrace();
        int first = belowTracker(all);
        int app = applicationFrame(all, first, connection, trace.resourceType);
        if (app < 0) {
            return JDK_OWNED;
        }
        int start = Math.max(first, app - 1);
        int end = Math.min(all.length, start + maxDepth);
        if (testClass != null) {
            for (int i = start; i < all.length; i++) {
                if (StackLines.isOfClass(all[i].getClassName(), testClass)) {
                    // Down to the test's own method: a helper of the test class is called from it.
                    int last = i;
                    while (last + 1 < all.length && StackLines.isOfClass(all[last + 1].getClassName(), testClass)) {
                        last++;
                    }
                    end = Math.max(end, last + 1);
                    break;
                }
            }
        }
        String[] lines = new String[end - start];
        for (int i = start; i < end; i++) {
            lines[i - start] = all[i].toString();
        }
        linesOut[0] = lines;
        String frame = all[app].toString();
        Site site = SITES_BY_FRAME.get(frame);
        if (site == null) {
            Site fresh = new Site(frame, lines);
            Site prior = SITES_BY_FRAME.putIfAbsent(frame, fresh);
            site = prior != null ? prior : fresh;
        }
        return site;
    }

    /** The index of a trace's first frame that is not the tracker's own (those are on top of every trace). */
    static int belowTracker(StackTraceElement[] all) {
        int top = 0;
        while (top < all.length && Frames.isTracker(all[top].getClassName())) {
            top++;
        }
        return top;
    }

    /**
     * The index of a ci-mode trace's first application frame (where the resource was acquired),
     * from {@code first} on; -1 when the JDK owns the resource or no application frame exists.
     */
    static int applicationFrame(StackTraceElement[] all, int first, boolean connection, Class<?> resourceType) {
        for (int i = first; i < all.length; i++) {
            int kind = classify(all[i].getClassName());
            if (kind == Frames.INTERNAL_OWNER) {
                return -1;
            }
            if (kind == Frames.APPLICATION && !(connection && isConnectionAccessor(all[i].getMethodName()))
                    && !ResourceConstructors.ofResource(all[i], resourceType)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The stack as report lines, starting at the API the application called (the frame just
     * above the first application frame): the JDK's internals above it help nobody.
     */
    private static String[] lines(List<StackFrame> frames, boolean connection) {
        int start = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (classify(frames.get(i).getClassName(), frames.get(i).getDeclaringClass()) == Frames.APPLICATION
                    && !(connection && isConnectionAccessor(frames.get(i).getMethodName()))) {
                start = Math.max(0, i - 1);
                break;
            }
        }
        String[] out = new String[frames.size() - start];
        for (int i = 0; i < out.length; i++) {
            out[i] = frames.get(start + i).toStackTraceElement().toString();
        }
        return out;
    }
}

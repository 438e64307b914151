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
 * Where a thread or an executor was created, and by whom: the application's line (the site), and
 * what the frame that called Thread.start() or the executor's constructor was. The JDK starting
 * a thread for itself (a reference handler, a process reaper, an HTTP client's selector), a test
 * framework or the agent: no origin, not tracked. A library (a configured library package): an
 * origin marked as the library's, whose daemon threads ci mode does not count, as it does not
 * count what a static initializer opened.
 */
final class ThreadOrigin {
    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    /** Sites by frame (class, method, bytecode index): a known line costs no StackTraceElement. */
    private static final ConcurrentHashMap<FrameKey, Site> SITES = new ConcurrentHashMap<>();
    private static final Walk WALK = new Walk();

    final Site site;
    /** The frame that created it is a library's (a configured library package), not the application's. */
    final boolean library;
    /** Created inside a static initializer: the class's, for the life of the JVM. */
    final boolean inStaticInitializer;
    /** ci mode: the test the creating thread worked for; null for none and in the other modes. */
    final CurrentTest.Owner owner;
    /** The name of the creating thread. */
    final String creatorThread;
    /**
     * ci mode: every class of the site's stack (past the JDK's) was the system class loader's, so
     * its statics may be read by name without initializing anything (see ClassOwned).
     */
    final boolean stackOnSystemLoader;
    /** ci mode: the creating thread (a thread a shared server's thread starts is the server's too); null elsewhere. */
    private final java.lang.ref.WeakReference<Thread> creator;

    private ThreadOrigin(Site site, boolean library, boolean inStaticInitializer, boolean stackOnSystemLoader) {
        this.site = site;
        this.library = library;
        this.inStaticInitializer = inStaticInitializer;
        this.stackOnSystemLoader = stackOnSystemLoader;
        this.owner = CurrentTest.owner();
        this.creatorThread = ThreadNames.of(Thread.currentThread());
        this.creator = CurrentTest.on ? new java.lang.ref.WeakReference<>(Thread.currentThread()) : null;
    }

    /** The origin of what the calling thread creates now, or null when it is not the application's. */
    static ThreadOrigin here() {
        return WALKER.walk(WALK);
    }

    /** ci mode: the thread that created it, while it lives; null otherwise. */
    Thread creator() {
        return creator == null ? null : creator.get();
    }

    /** ci mode: the test it belongs to (0 for none). */
    int testId() {
        CurrentTest.Owner o = owner;
        return o == null ? 0 : o.id;
    }

    /**
     * The JDK's ways to start a thread or build an executor for whoever calls them: Thread and its
     * builders, java.util.concurrent (Executors, the executors' constructors, addWorker) and Timer
     * (a Timer per call is a classic thread leak). Their caller is the creator.
     */
    private static boolean passedThrough(String c) {
        return c.startsWith("java.lang.Thread") || c.startsWith("java.util.concurrent.") || c.startsWith("java.util.Timer");
    }

    /** No lambda: runs inside instrumented JDK code (Thread.start). */
    private static final class Walk implements Function<Stream<StackFrame>, ThreadOrigin> {
        @Override
        public ThreadOrigin apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            int limit = SiteCapture.maxDepth;
            // Only ci mode asks whether a static initializer is on the stack: the other modes stop
            // at the application frame once its site is known.
            boolean ci = CurrentTest.on;
            List<StackFrame> kept = new ArrayList<>(24);
            boolean creatorSeen = false;
            boolean library = false;
            boolean clinit = false;
            boolean frameworkSeen = false;
            int app = -1;
            Site site = null;
            for (int n = 0; it.hasNext() && n < limit + 64; n++) {
                StackFrame f = it.next();
                String c = f.getClassName();
                if (!creatorSeen) {
                    if (Frames.isTracker(c) || passedThrough(c)) {
                        continue;
                    }
                    creatorSeen = true;
                    int kind = SiteCapture.classify(c, f.getDeclaringClass());
                    if (Frames.isJdk(c) || kind == Frames.INTERNAL_OWNER || Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS)) {
                        return null;
                    }
                    // ci mode: a creator outside the project's build output (a jar: Geronimo's
                    // transaction manager starting its RetryTimer, a driver's cleanup thread) is a
                    // library's, whatever its package; its daemon threads are its own business.
                    // Seen as 243 false failures in commons-dbcp's managed-connection tests.
                    library = kind != Frames.APPLICATION || (ci && !CodeOrigin.isBuildOutput(f.getDeclaringClass()));
                }
                if (Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS)) {
                    frameworkSeen = true;
                } else if (!frameworkSeen && "<clinit>".equals(f.getMethodName())) {
                    clinit = true;
                }
                if (app < 0) {
                    int kind = SiteCapture.classify(c, f.getDeclaringClass());
                    if (kind == Frames.INTERNAL_OWNER) {
                        return null;
                    }
                    kept.add(f);
                    if (kind == Frames.APPLICATION) {
                        app = kept.size() - 1;
                        // ci mode names this thread's own stack (a line reached from several
                        // tests must show the test that started this one): no shared site.
                        site = ci ? null : SITES.get(FrameKey.of(f));
                        if (site != null) {
                            break;
                        }
                    }
                } else if (site == null && kept.size() - app < limit) {
                    kept.add(f);
                } else if (!ci || frameworkSeen) {
                    break;
                }
            }
            if (app < 0) {
                return null; // a library's own thread, nothing of the application's on the stack
            }
            boolean systemLoader = ci && onTheSystemLoader(kept);
            if (site == null) {
                StackFrame at = kept.get(app);
                int start = Math.max(0, app - 1);
                String[] lines = new String[kept.size() - start];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = kept.get(start + i).toStackTraceElement().toString();
                }
                Site fresh = new Site(at.toStackTraceElement().toString(), lines);
                Site prior = ci ? null : SITES.putIfAbsent(FrameKey.of(at), fresh);
                site = prior != null ? prior : fresh;
            }
            return new ThreadOrigin(site, library, clinit, systemLoader);
        }
    }

    private static boolean onTheSystemLoader(List<StackFrame> frames) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (StackFrame f : frames) {
            String c = f.getClassName();
            if (Frames.startsWithAny(c, Frames.TEST_FRAMEWORKS)) {
                return true; // below here: the runner's frames
            }
            if (!Frames.isJdk(c) && !Frames.isTracker(c) && f.getDeclaringClass().getClassLoader() != system) {
                return false;
            }
        }
        return true;
    }
}

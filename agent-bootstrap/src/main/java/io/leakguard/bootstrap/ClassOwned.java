package io.leakguard.bootstrap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * ci mode: what a test acquired but its class owns (issue 18, rule 5), so that test does not fail.
 * <ul>
 * <li>What a static initializer opened (see {@link StaticInitializers}) belongs to that class for
 * the life of the JVM: it fails no test, like what @BeforeAll opens; the GC and the exit report
 * still judge it.</li>
 * <li>A fixture a test creates lazily into a static field of a running test class (directly, or
 * one level into an array, one of the JDK's plain collections or maps, or an object's fields;
 * files and sockets in depth, see StaticHolders) is the class's: the class may close it in its
 * {@code @AfterAll} methods. It is judged again when the class ends (after its @AfterAll
 * methods): if it is still open then, or was lost to the GC unclosed, the class fails, naming the
 * test and the line that acquired it.</li>
 * </ul>
 * Test classes are known only where the framework says when a class starts and ends (JUnit
 * Jupiter); elsewhere (JUnit 4) nothing is deferred and such a fixture fails its test, as before.
 */
public final class ClassOwned {
    private static final int MAX_STACK_LINES = 8;
    private static final Object LOCK = new Object();
    /** Test classes between their start and their end (a class may run more than once at a time). */
    private static final List<Started> RUNNING = new ArrayList<>();
    /** Leaks whose judgment waits for their owner class's end. */
    private static final List<Deferred> DEFERRED = new ArrayList<>();

    private ClassOwned() {
    }

    /** A test class that started and has not ended: its descriptor, and Jupiter's execution context for it. */
    private static final class Started {
        final Object descriptor;
        final Class<?> type;
        final Object context;
        /** The class's one test instance under @TestInstance(PER_CLASS), once it was looked up and made. */
        Object instance;
        /** The class does not run under PER_CLASS, or its context cannot be read: never asked again. */
        boolean noInstance;

        Started(Object descriptor, Class<?> type, Object context) {
            this.descriptor = descriptor;
            this.type = type;
            this.context = context;
        }
    }

    private static final class Deferred {
        final Record record;
        final Class<?> owner;
        /** What holds it: "static field Class.field", or "field Class.field of the class's test instance". */
        final String field;
        /** The run whose test instance holds it; null for a static field (judged when a run of the class ends). */
        final Started run;

        Deferred(Record record, Class<?> owner, String field, Started run) {
            this.record = record;
            this.owner = owner;
            this.field = field;
            this.run = run;
        }

        boolean endsWith(Object descriptor, Class<?> c) {
            return run != null ? run.descriptor == descriptor : owner == c;
        }
    }

    /** A thread or executor worker a PER_CLASS test instance's field reaches: judged when that run ends. */
    private static final class DeferredThread {
        final TrackedThread thread;
        final Started run;
        final String field;

        DeferredThread(TrackedThread thread, Started run, String field) {
            this.thread = thread;
            this.run = run;
            this.field = field;
        }
    }

    /** Threads whose judgment waits for their run's end. */
    private static final List<DeferredThread> DEFERRED_THREADS = new ArrayList<>();

    /**
     * ci mode, at start: the agent has let the bootstrap classes look up a loader's classes and
     * their initialization ({@link LoadedClasses}), for stacks through loaders other than the
     * system one.
     */
    public static void classLookupsOpened(java.util.function.Supplier<Class<?>[]> loadedClasses) {
        LoadedClasses.init();
        LoadedClasses.allFrom(loadedClasses);
    }

    /**
     * A test class starts (Jupiter's ClassBasedTestDescriptor, before its @BeforeAll), with its
     * execution context (JupiterEngineExecutionContext), through which its test instance is found
     * later when it has one for the whole class.
     */
    public static void classStarted(Object descriptor, Object executionContext) {
        Class<?> c = testClass(descriptor);
        if (c != null) {
            synchronized (LOCK) {
                RUNNING.add(new Started(descriptor, c, executionContext));
            }
        }
    }

    /**
     * A test class ended, its @AfterAll methods run. Null when nothing its tests deferred to it is
     * still open; otherwise the failure message. Never throws.
     */
    public static String classFinished(Object descriptor) {
        try {
            Class<?> c = testClass(descriptor);
            if (c == null) {
                return null;
            }
            List<Deferred> mine = new ArrayList<>();
            List<DeferredThread> threads = new ArrayList<>();
            synchronized (LOCK) {
                removeStarted(descriptor, c);
                for (Iterator<Deferred> it = DEFERRED.iterator(); it.hasNext();) {
                    Deferred d = it.next();
                    if (d.endsWith(descriptor, c)) {
                        it.remove();
                        mine.add(d);
                    }
                }
                for (Iterator<DeferredThread> it = DEFERRED_THREADS.iterator(); it.hasNext();) {
                    DeferredThread d = it.next();
                    if (d.run.descriptor == descriptor) {
                        it.remove();
                        threads.add(d);
                    }
                }
            }
            List<Deferred> leaked = new ArrayList<>();
            for (Deferred d : mine) {
                // Released: closed (by @AfterAll, say). Not released and collected: lost unclosed.
                if (!d.record.released && !d.record.closedByParent()) {
                    leaked.add(d);
                }
            }
            List<DeferredThread> running = stillRunning(threads);
            return leaked.isEmpty() && running.isEmpty() ? null : message(c, leaked, running);
        } catch (Throwable t) {
            AgentErrors.record("ci class check", t);
            return null;
        }
    }

    /**
     * At a test's end: its leaks without those its class owns (acquired in a static initializer,
     * or held by a running test class's static field; the latter are deferred to that class's
     * end). Never throws: on any trouble the list is returned as it is.
     */
    static List<Record> notTheClasses(List<Record> leaked) {
        if (leaked.isEmpty()) {
            return leaked;
        }
        List<Class<?>> running = runningClasses();
        List<Record> out = new ArrayList<>(leaked.size());
        Tracker.enterAgentCode();
        try {
            for (Record r : leaked) {
                r.site();
                if (r.inStaticInitializer) {
                    continue;
                }
                if (!running.isEmpty() && defer(r, running)) {
                    continue;
                }
                if (heldByAClassOnItsStack(r, running)) {
                    continue;
                }
                out.add(r);
            }
            return out;
        } catch (Throwable t) {
            AgentErrors.record("ci class-owned check", t);
            return leaked;
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /** The test classes running now, copied. */
    private static List<Class<?>> runningClasses() {
        synchronized (LOCK) {
            List<Class<?>> out = new ArrayList<>(RUNNING.size());
            for (Started s : RUNNING) {
                out.add(s.type);
            }
            return out;
        }
    }

    /** Under LOCK: whether a run of the class has started and not ended. */
    private static boolean isRunning(Class<?> c) {
        for (Started s : RUNNING) {
            if (s.type == c) {
                return true;
            }
        }
        return false;
    }

    /** Under LOCK: the entry of this descriptor (of a run of this class, if the descriptor is not found). */
    private static void removeStarted(Object descriptor, Class<?> c) {
        for (Iterator<Started> it = RUNNING.iterator(); it.hasNext();) {
            if (it.next().descriptor == descriptor) {
                it.remove();
                return;
            }
        }
        for (Iterator<Started> it = RUNNING.iterator(); it.hasNext();) {
            if (it.next().type == c) {
                it.remove();
                return;
            }
        }
    }

    /**
     * The runs of the class that have one test instance for the whole class, under
     * @TestInstance(PER_CLASS), with that instance: it lives from before the class's @BeforeAll
     * methods to after its @AfterAll methods, which may close what its fields hold (Commons VFS's
     * provider suites keep their manager in one), so its fields are the class's fixtures, as its
     * static fields are. Each run's instance is read once, through the public ExtensionContext
     * interface of its context; a class that is not PER_CLASS, or whose context cannot be read
     * (the engine on the module path, say), has none and is not asked again.
     */
    private static List<Started> perClassRuns(Class<?> c) {
        List<Started> out = new ArrayList<>(1);
        List<Started> unknown = new ArrayList<>(1);
        synchronized (LOCK) {
            for (Started s : RUNNING) {
                if (s.type == c && !s.noInstance) {
                    (s.instance != null ? out : unknown).add(s);
                }
            }
        }
        for (Started s : unknown) {
            Object instance = instanceOf(s);
            if (instance != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The run's PER_CLASS test instance, looked up now; null (and never asked again) if it has none. */
    private static Object instanceOf(Started s) {
        Object instance = null;
        boolean none;
        try {
            Object extensionContext = s.context.getClass().getMethod("getExtensionContext").invoke(s.context);
            Class<?> api = Class.forName("org.junit.jupiter.api.extension.ExtensionContext", false,
                    extensionContext.getClass().getClassLoader());
            Object lifecycle = ((java.util.Optional<?>) api.getMethod("getTestInstanceLifecycle").invoke(extensionContext))
                    .orElse(null);
            none = lifecycle == null || !"PER_CLASS".equals(lifecycle.toString());
            if (!none) {
                instance = ((java.util.Optional<?>) api.getMethod("getTestInstance").invoke(extensionContext)).orElse(null);
                none = instance != null && !s.type.isInstance(instance);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unreadable) {
            none = true; // an engine whose context cannot be read from here: its classes judged by their statics only
        }
        synchronized (LOCK) {
            if (none) {
                s.noInstance = true;
                return null;
            }
            if (instance != null) {
                s.instance = instance;
            }
        }
        return instance;
    }

    /**
     * Fields and arrays followed from a running test class's static fixture to a thread it
     * started lazily: Commons VFS's SftpPasswordAuthTest keeps a manager in a static field
     * (@BeforeAll, closed in @AfterAll) whose cache starts its release thread during a test, two
     * fields in (manager, cache, thread).
     */
    private static final int FIXTURE_THREAD_DEPTH = 3;

    /**
     * Whether a static field of a running test class holds the object (directly or one level in,
     * through the JDK's collections too; or up to FIXTURE_THREAD_DEPTH fields and arrays in): a
     * thread or executor kept there, or started by an object kept there, is the class's fixture
     * (issue 16). Never throws.
     */
    static boolean heldByARunningClass(Object o) {
        if (o == null) {
            return false;
        }
        List<Class<?>> running = runningClasses();
        Tracker.enterAgentCode();
        try {
            for (Class<?> owner : running) {
                if (staticFieldHolding(owner, o, 1) != null
                        || StaticHolders.holding(owner, new Object[] {o}, new ObjectWalk(), FIXTURE_THREAD_DEPTH, false) != null) {
                    return true;
                }
            }
            return false;
        } catch (Throwable t) {
            AgentErrors.record("ci class-owned check", t);
            return false;
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /**
     * Whether a field of a running PER_CLASS test instance holds the object (a thread, its
     * executor or the JDK's wrapper of that), as heldByARunningClass reads statics: then the
     * thread is that run's fixture, not the test's, and is judged when the run ends, after its
     * @AfterAll methods (stillRunning). Never throws.
     */
    static boolean deferredToATestInstance(TrackedThread t, Object o) {
        if (o == null) {
            return false;
        }
        List<Class<?>> running = runningClasses();
        Tracker.enterAgentCode();
        try {
            for (Class<?> owner : running) {
                for (Started run : perClassRuns(owner)) {
                    Object[] target = {o};
                    String field = StaticHolders.instanceHolding(run.instance, target, new ObjectWalk(), 1, true);
                    if (field == null) {
                        field = StaticHolders.instanceHolding(run.instance, target, new ObjectWalk(), FIXTURE_THREAD_DEPTH, false);
                    }
                    if (field != null) {
                        synchronized (LOCK) {
                            if (!RUNNING.contains(run)) {
                                return false; // the run ended meanwhile: judged as a test's thread
                            }
                            for (DeferredThread d : DEFERRED_THREADS) {
                                if (d.thread == t) {
                                    return true;
                                }
                            }
                            DEFERRED_THREADS.add(new DeferredThread(t, run, "field " + field + " of the class's test instance"));
                        }
                        return true;
                    }
                }
            }
            return false;
        } catch (Throwable e) {
            AgentErrors.record("ci class-owned check", e);
            return false;
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /**
     * The deferred threads still running at their run's end, after the wait a test's end gives
     * its threads (ci.grace and ci.thread-wait: an executor @AfterAll shut down gets that long
     * to end its workers), and not left out by ignore.sites, ci.baseline or the thread rules that
     * do not depend on the run (a library's daemon, a static structure's thread). An interrupt
     * pending on the runner's thread is kept for it, and the threads are judged without waiting.
     */
    private static List<DeferredThread> stillRunning(List<DeferredThread> threads) {
        List<TrackedThread> alive = new ArrayList<>();
        for (DeferredThread d : threads) {
            if (d.thread.thread.isAlive()) {
                alive.add(d.thread);
            }
        }
        if (!alive.isEmpty()) {
            try {
                CiThreads.waitFor(alive, CiTests.threadWaitWithGraceMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        List<DeferredThread> out = new ArrayList<>();
        for (DeferredThread d : threads) {
            TrackedThread t = d.thread;
            if (t.thread.isAlive() && t.thread != Thread.currentThread() && !CiThreads.exempt(t) && !CiThreads.notTheTests(t)) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean defer(Record r, List<Class<?>> running) {
        Object resource = r.get();
        if (resource == null) {
            return false;
        }
        for (Class<?> owner : ownFirst(running, r)) {
            // Files and sockets in depth: a client of the class's, say, keeping its kept-alive
            // connection in its pool. A budget per class: another class's large statics never
            // decide this one's.
            int depth = inDepth(r) ? StaticHolders.MAX_DEPTH : 1;
            String field = staticFieldHolding(owner, resource, depth);
            Started holder = null;
            if (field != null) {
                field = "static field " + field;
            } else {
                for (Started run : perClassRuns(owner)) {
                    field = instanceFieldHolding(run.instance, resource, depth);
                    if (field != null) {
                        field = "field " + field + " of the class's test instance";
                        holder = run;
                        break;
                    }
                }
            }
            if (field != null) {
                synchronized (LOCK) {
                    if (holder != null ? !RUNNING.contains(holder) : !isRunning(owner)) {
                        return false; // the class ended meanwhile: nothing would judge it later
                    }
                    for (Deferred d : DEFERRED) {
                        if (d.record == r) {
                            return true;
                        }
                    }
                    DEFERRED.add(new Deferred(r, owner, field, holder));
                }
                return true;
            }
        }
        return false;
    }

    /** The running classes, the record's own test class (and its enclosing classes) first. */
    private static List<Class<?>> ownFirst(List<Class<?>> running, Record r) {
        CurrentTest.Owner o = r.owner;
        String testClass = o == null ? null : o.testClass;
        if (testClass == null || running.size() < 2) {
            return running;
        }
        List<Class<?>> out = new ArrayList<>(running.size());
        for (Class<?> c : running) {
            if (testClass.equals(c.getName()) || testClass.startsWith(c.getName() + "$")) {
                out.add(c);
            }
        }
        for (Class<?> c : running) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Files and sockets are looked for in depth (see StaticHolders); JDBC handles have rules of their own. */
    private static boolean inDepth(Record r) {
        return r.family == Family.FILE || r.family == Family.SOCKET;
    }

    /**
     * A file or socket that a static field of a class on its acquisition's stack holds, in depth: a
     * library's lazily created singleton (Narayana's process-id socket), a client kept in a static
     * helper (its kept-alive connections): the structure's, for as long as the JVM runs, not the
     * test's. The test's own class is not one of them (its statics are the class's fixtures,
     * judged at its end). Asked at a test's end for what would fail it; the exit report still
     * lists what is open. Never throws.
     */
    private static boolean heldByAClassOnItsStack(Record r, List<Class<?>> running) {
        Object resource = r.get();
        if (resource == null || !inDepth(r)) {
            return false;
        }
        CurrentTest.Owner o = r.owner;
        return heldByAClassOnStack(new Object[] {resource}, true, r.stackLines(), o == null ? null : o.testClass, running,
                r.stackOnSystemLoader);
    }

    /**
     * The same for a thread the test started and left running: one that a static field of a class
     * on its start() stack reaches (a shared test server's event loop, started by whichever test
     * first needed the server and kept in the server class's static for every test after it: jsoup's
     * suite) is that structure's. Its executor too, or the JDK's wrapper of it (what
     * Executors.newSingleThreadExecutor returns), for a pool's worker. Never throws.
     */
    static boolean threadHeldByAClassOnItsStack(TrackedThread t, Object executor, Object wrapper) {
        ThreadOrigin o = t.origin;
        if (o.site == null) {
            return false;
        }
        List<Class<?>> running = runningClasses();
        Tracker.enterAgentCode();
        try {
            return heldByAClassOnStack(new Object[] {t.thread, executor, wrapper}, false, o.site.stack,
                    o.owner == null ? null : o.owner.testClass, running, o.stackOnSystemLoader);
        } finally {
            Tracker.exitAgentCode();
        }
    }

    /**
     * Whether a static field of a class named in lines (not the test's own) reaches one of the
     * targets (nulls skipped). Through the JDK's collections only when collections is true: a
     * thread is a structure's only along a chain of fields and arrays (Netty's event loop group
     * holds its loops in an array), not because a static registry lists it (a server class that
     * keeps every instance for a shutdown hook, a helper that collects the threads it starts: a
     * test that never stops its own still leaks).
     */
    private static boolean heldByAClassOnStack(Object[] targets, boolean collections, String[] lines, String testClass,
            List<Class<?>> running, boolean systemLoader) {
        try {
            ClassLoader system = ClassLoader.getSystemClassLoader();
            // A stack through other loaders: their classes as those loaders hold them (the test
            // classes' loaders and their parents), never loaded here, and read only if initialized.
            // Without a running test class (JUnit 4) no loader leads anywhere: judged as before.
            if (!systemLoader && (running.isEmpty() || !LoadedClasses.available())) {
                return false;
            }
            List<ClassLoader> loaders = systemLoader ? null : loadersOf(running, system);
            List<String> theTests = testClassAndSupers(testClass, running, system);
            // One walk for the whole question: a structure many of these classes reach (a
            // logging framework behind each one's static logger) is looked into once.
            ObjectWalk walk = new ObjectWalk();
            List<String> looked = new ArrayList<>();
            // The first class of each library on the stack (loader and jar or directory), in
            // stack order: the code that opened it first.
            List<Class<?>> libraries = new ArrayList<>();
            boolean reachedTheProject = false;
            for (String line : lines) {
                String cls = StackLines.className(line);
                if (Frames.startsWithAny(cls, Frames.TEST_FRAMEWORKS)) {
                    break; // below here: the runner's frames, not the resource's
                }
                if (Frames.isJdk(cls) || Frames.isTracker(cls) || looked.contains(cls) || isTheTests(cls, theTests)) {
                    continue;
                }
                looked.add(cls);
                List<Class<?>> found = systemLoader ? onTheSystemLoader(cls, system) : loadedAndInitialized(cls, loaders);
                if (!reachedTheProject && !found.isEmpty() && CodeOrigin.location(found.get(0)) != null
                        && !sameLibraryAsAny(found.get(0), libraries)) {
                    libraries.add(found.get(0));
                    // Up to the project's own code, not below it: a test-support library that
                    // called the project (spring-test's MockMvc calling a controller) keeps
                    // statics that reach the whole application.
                    reachedTheProject = CodeOrigin.isBuildOutput(found.get(0));
                }
                for (Class<?> c : found) {
                    if (StaticHolders.holding(c, targets, walk, StaticHolders.MAX_DEPTH, collections) != null) {
                        return true;
                    }
                }
                if (walk.spent()) {
                    break;
                }
            }
            return !walk.spent() && heldByItsLibraries(libraries, targets, collections, looked, theTests, running, system, walk);
        } catch (Throwable t) {
            AgentErrors.record("ci static holders", t);
            return false;
        }
    }

    /** Whether the class comes from the same loader and jar or directory as one of the classes. */
    private static boolean sameLibraryAsAny(Class<?> c, List<Class<?>> libraries) {
        String where = CodeOrigin.location(c);
        for (Class<?> l : libraries) {
            if (l.getClassLoader() == c.getClassLoader() && where != null && where.equals(CodeOrigin.location(l))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a static field of another class of the same library (the same loader, and the same
     * jar or classes directory) as a class on the stack that started the thread or opened the
     * resource (one that is not the JDK's, the agent's, a test framework's or the test's) reaches
     * a target: the library's own singleton, reached through a class that is no longer on the
     * stack. Commons VFS's {@code VFS.getManager()} creates the process-wide manager lazily and
     * returns it; the test then resolves a file through it, so VFS has left the stack by the time
     * the manager's cache starts its release thread or opens a cached JarFile. Every library on
     * the stack is asked, the code that opened it first: the socket of an FTP connection the
     * manager keeps is opened by Commons Net's client, called by VFS's provider.
     *
     * <p>Not when that code lives where the tests do (a test helper in the test classes
     * directory: the tests' own statics are no library's), and never through a class that extends
     * the test class or its superclasses (a sibling test class reaching a shared base class's
     * fixture). Only classes the JVM has initialized are read, within the same walk budget as the
     * stack's classes.
     */
    private static boolean heldByItsLibraries(List<Class<?>> libraries, Object[] targets, boolean collections,
            List<String> looked, List<String> theTests, List<Class<?>> running, ClassLoader system, ObjectWalk walk) {
        if (libraries.isEmpty() || !LoadedClasses.available()) {
            return false;
        }
        List<Class<?>> asked = new ArrayList<>(libraries.size());
        for (Class<?> library : libraries) {
            if (!testsLiveAt(CodeOrigin.location(library), theTests, running, system)) {
                asked.add(library);
            }
        }
        Class<?>[] all = asked.isEmpty() ? null : LoadedClasses.all();
        if (all == null) {
            return false;
        }
        // One pass over the loaded classes for every library (a stack through many jars lists
        // them once, not once per jar).
        for (Class<?> k : all) {
            if (k.isArray() || k.isHidden() || k.isInterface() || !sameLibraryAsAny(k, asked)
                    || looked.contains(k.getName()) || extendsTheTests(k, theTests) || !LoadedClasses.initialized(k)) {
                continue;
            }
            if (StaticHolders.holding(k, targets, walk, StaticHolders.MAX_DEPTH, collections) != null) {
                return true;
            }
            if (walk.spent()) {
                return false;
            }
        }
        return false;
    }

    /** Whether the test class, or a running test class, was loaded from this jar or directory. */
    private static boolean testsLiveAt(String where, List<String> theTests, List<Class<?>> running, ClassLoader system) {
        for (Class<?> c : running) {
            if (where.equals(CodeOrigin.location(c))) {
                return true;
            }
        }
        if (!theTests.isEmpty()) {
            try {
                return where.equals(CodeOrigin.location(Class.forName(theTests.get(0), false, system)));
            } catch (ClassNotFoundException | LinkageError notThere) {
                return false;
            }
        }
        return false;
    }

    /** The class is, or extends, the test class or one of its superclasses. */
    private static boolean extendsTheTests(Class<?> k, List<String> theTests) {
        for (Class<?> c = k; c != null && c != Object.class; c = c.getSuperclass()) {
            if (isTheTests(c.getName(), theTests)) {
                return true;
            }
        }
        return false;
    }

    /** The class as the system loader has it: the very class that ran (stackOnSystemLoader), so initialized. */
    private static List<Class<?>> onTheSystemLoader(String cls, ClassLoader system) {
        List<Class<?>> out = new ArrayList<>(1);
        try {
            out.add(Class.forName(cls, false, system));
        } catch (ClassNotFoundException | LinkageError notThere) {
            // nothing to read
        }
        return out;
    }

    /**
     * Each copy of the class the loaders already hold and the JVM has initialized: one of them ran
     * (a copy that did not reaches nothing of this test's, so reading it costs only time). A copy
     * not initialized is never read: reading a static would run its static initializer
     * (Rule5IsolatedLoaderTest's last test fails without this check).
     */
    private static List<Class<?>> loadedAndInitialized(String cls, List<ClassLoader> loaders) {
        List<Class<?>> out = new ArrayList<>(1);
        for (ClassLoader l : loaders) {
            Class<?> c = LoadedClasses.loadedBy(l, cls);
            if (c != null && !out.contains(c) && LoadedClasses.initialized(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The running test classes' loaders and their parents, then the system loader; each once, the boot loader never. */
    private static List<ClassLoader> loadersOf(List<Class<?>> running, ClassLoader system) {
        List<ClassLoader> out = new ArrayList<>();
        for (Class<?> c : running) {
            for (ClassLoader l = c.getClassLoader(); l != null && l != system && !out.contains(l); l = l.getParent()) {
                out.add(l);
            }
        }
        if (system != null) {
            out.add(system);
        }
        return out;
    }

    /** The test class's name and its superclasses' (their statics are the test's fixtures). */
    private static List<String> testClassAndSupers(String testClass, List<Class<?>> running, ClassLoader system) {
        List<String> out = new ArrayList<>();
        if (testClass == null) {
            return out;
        }
        out.add(testClass);
        Class<?> c = null;
        for (Class<?> k : running) {
            if (k.getName().equals(testClass)) {
                c = k;
            }
        }
        if (c == null) {
            try {
                c = Class.forName(testClass, false, system);
            } catch (ClassNotFoundException | LinkageError notThere) {
                return out;
            }
        }
        for (Class<?> s = c.getSuperclass(); s != null && !Frames.isJdk(s.getName()); s = s.getSuperclass()) {
            out.add(s.getName());
        }
        return out;
    }

    private static boolean isTheTests(String cls, List<String> theTests) {
        for (String t : theTests) {
            if (cls.equals(t) || cls.startsWith(t + "$")) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Class.field" of the static field (of the class or an application superclass) that holds it
     * within maxDepth steps (1: directly, or one element or field in), or null. Never throws.
     */
    private static String staticFieldHolding(Class<?> owner, Object resource, int maxDepth) {
        try {
            return StaticHolders.holding(owner, resource, new ObjectWalk(), maxDepth);
        } catch (Throwable t) {
            AgentErrors.record("ci static holders", t);
            return null;
        }
    }

    /** The same for a field of a test instance. Never throws. */
    private static String instanceFieldHolding(Object instance, Object resource, int maxDepth) {
        try {
            return StaticHolders.instanceHolding(instance, new Object[] {resource}, new ObjectWalk(), maxDepth, true);
        } catch (Throwable t) {
            AgentErrors.record("ci static holders", t);
            return null;
        }
    }

    private static Class<?> testClass(Object descriptor) {
        try {
            Object c = descriptor.getClass().getMethod("getTestClass").invoke(descriptor);
            return c instanceof Class ? (Class<?>) c : null;
        } catch (Throwable t) {
            AgentErrors.record("ci test class", t);
            return null;
        }
    }

    private static String message(Class<?> owner, List<Deferred> leaked, List<DeferredThread> threads) {
        int n = leaked.size();
        int k = threads.size();
        StringBuilder sb = new StringBuilder("leakguard: tests of ").append(owner.getSimpleName()).append(" left ");
        if (n > 0) {
            sb.append(n).append(n == 1 ? " resource" : " resources");
        }
        if (k > 0) {
            sb.append(n > 0 ? " and " : "").append(k).append(k == 1 ? " thread" : " threads");
        }
        sb.append(" in the class's fields, still ").append(k == 0 ? "open" : n == 0 ? "running" : "open or running")
                .append(" when the class ended (after its @AfterAll methods):");
        for (DeferredThread d : threads) {
            TrackedThread t = d.thread;
            String[] lines = t.origin.site.stack;
            String test = testFrame(lines, owner);
            sb.append("\n  thread \"").append(ThreadNames.of(t.thread)).append("\" still running, held by ").append(d.field)
                    .append("\n    started at ").append(t.origin.site.frame).append(" by thread ").append(t.origin.creatorThread);
            if (test != null) {
                sb.append(", in test ").append(test);
            }
            for (int i = 0; i < lines.length && i < MAX_STACK_LINES; i++) {
                sb.append("\n      at ").append(lines[i]);
            }
        }
        for (Deferred d : leaked) {
            Record r = d.record;
            String what = r.describe();
            sb.append("\n  ").append(what.startsWith(r.type()) ? what : r.type() + " " + what)
                    .append(r.get() == null ? " (garbage collected without close())" : "")
                    .append(", held by ").append(d.field);
            String[] lines = r.stackLines();
            String test = testFrame(lines, owner);
            sb.append("\n    acquired at ").append(r.site().frame).append(" by thread ").append(r.threadName);
            if (test != null) {
                sb.append(", in test ").append(test);
            }
            for (int i = 0; i < lines.length && i < MAX_STACK_LINES; i++) {
                sb.append("\n      at ").append(lines[i]);
            }
        }
        return sb.toString();
    }

    /**
     * The test method that acquired it: the owner's (or a nested class's) last frame before the
     * test framework's, as "method(File.java:line)"; null if the stack does not reach it.
     */
    static String testFrame(String[] lines, Class<?> owner) {
        String prefix = owner.getName();
        String found = null;
        for (String full : lines) {
            // "module@version/class.method(...)" for a frame in a named module: the class part.
            int paren = full.indexOf('(');
            String line = full.substring(full.lastIndexOf('/', paren < 0 ? full.length() : paren) + 1);
            if (Frames.startsWithAny(line, Frames.TEST_FRAMEWORKS)) {
                break;
            }
            if (line.startsWith(prefix + ".") || line.startsWith(prefix + "$")) {
                found = line;
            }
        }
        if (found == null) {
            return null;
        }
        int paren = found.indexOf('(');
        int dot = found.lastIndexOf('.', paren < 0 ? found.length() : paren);
        return found.substring(dot + 1);
    }
}

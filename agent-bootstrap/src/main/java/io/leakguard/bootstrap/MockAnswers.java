package io.leakguard.bootstrap;

/**
 * Rule 11, second half: what a test's own code got back from its own Mockito mock is no
 * acquisition. {@code when(ds.getConnection()).thenReturn(null)} calls the mock's getConnection()
 * to name the call it stubs, and once an earlier stub made it return a connection mock, that call
 * hands one out: at the test's own line, never closed, because nothing was ever opened. A mock
 * handed to the code under test is judged as ever: what that code (not the test class) acquires
 * from a mock and never closes is its leak (commons-dbutils' QueryRunner preparing a statement
 * it does not close).
 */
public final class MockAnswers {
    /** What Mockito puts in the name of every class it generates for a mocked interface. */
    private static final String MOCKITO = "$MockitoMock$";
    /** Packages whose invocation handlers make a JDK proxy a mock. */
    private static final String[] MOCK_HANDLERS = {"org.mockito.", "org.easymock.", "org.jmock.", "org.spockframework."};

    private MockAnswers() {
    }

    /** A JDBC handle a Mockito mock handed to the test class's own code (not to the code it tests). */
    static boolean toTheTestsOwnCall(Record r, String testClass) {
        if (r.family != Family.JDBC || testClass == null) {
            return false;
        }
        String cls = handleClass(r);
        if (cls == null || !generatedByMockito(cls)) {
            return false;
        }
        Site s = r.site();
        String frame = s == null ? null : s.frame;
        return frame != null && (frame.startsWith(testClass + ".") || frame.startsWith(testClass + "$"));
    }

    /** A class Mockito generated for a mocked interface (or a class it subclassed); by binary or internal name. */
    public static boolean generatedByMockito(String className) {
        return className.contains(MOCKITO);
    }

    /**
     * An object of such a class: the agent never calls it (it records every call, which the test
     * can verify, and answers only what the test stubbed).
     */
    public static boolean isMock(Object o) {
        if (o == null) {
            return false;
        }
        if (isGeneratedMock(o)) {
            return true;
        }
        // Mockito's inline mocks and spies of concrete classes keep the class's own name: only
        // Mockito can tell, and it is asked only once its inline mock maker runs in this JVM
        // (asking earlier would start it: a self-attach in a program that never mocked).
        return inlineMockMaker && MockitoApi.isMock(o);
    }

    /**
     * {@link #isMock} without asking Mockito: a class Mockito generated, or a JDK proxy whose
     * handler is a mocking library's. For an application thread's hot path (no reflection, and
     * no call into Mockito in the middle of the test's own use of it).
     */
    static boolean isGeneratedMock(Object o) {
        Class<?> c = o.getClass();
        if (generatedByMockito(c.getName())) {
            return true;
        }
        // EasyMock, jMock, Spock and Mockito's proxy mock maker mock an interface with a JDK
        // proxy: its handler is theirs.
        if (java.lang.reflect.Proxy.isProxyClass(c)) {
            String handler = java.lang.reflect.Proxy.getInvocationHandler(o).getClass().getName();
            return Frames.startsWithAny(handler, MOCK_HANDLERS);
        }
        return false;
    }

    /** Mockito's inline mock maker has put its dispatcher in the boot loader: it runs in this JVM. */
    private static volatile boolean inlineMockMaker;

    /** The class Mockito's inline mock maker defines in the boot loader when it starts. */
    public static final String INLINE_DISPATCHER = "org/mockito/internal/creation/bytebuddy/inject/MockMethodDispatcher";

    /** Told by the transformer when {@link #INLINE_DISPATCHER} loads. */
    public static void inlineMockMakerStarted() {
        inlineMockMaker = true;
    }

    /**
     * {@code Mockito.mockingDetails(o).isMock()}, found from the object's class loader once per
     * class (never where Mockito is not visible). Cold paths only: a reflective call.
     */
    private static final class MockitoApi {
        private static final java.lang.reflect.Method[] NONE = new java.lang.reflect.Method[0];
        private static final ClassValue<java.lang.reflect.Method[]> API = new ClassValue<java.lang.reflect.Method[]>() {
            @Override
            protected java.lang.reflect.Method[] computeValue(Class<?> type) {
                ClassLoader loader = type.getClassLoader();
                if (loader == null) {
                    return NONE;
                }
                try {
                    Class<?> mockito = Class.forName("org.mockito.Mockito", false, loader);
                    java.lang.reflect.Method details = mockito.getMethod("mockingDetails", Object.class);
                    return new java.lang.reflect.Method[] {details, details.getReturnType().getMethod("isMock")};
                } catch (Throwable notThere) {
                    return NONE;
                }
            }
        };

        static boolean isMock(Object o) {
            java.lang.reflect.Method[] api = API.get(o.getClass());
            if (api.length == 0) {
                return false;
            }
            try {
                return Boolean.TRUE.equals(api[1].invoke(api[0].invoke(null, o)));
            } catch (Throwable t) {
                return false;
            }
        }
    }

    /** The handle's class name; for one the GC took, what its record kept of it (a statement's, a DataSource's). */
    private static String handleClass(Record r) {
        Object handle = r.get();
        if (handle != null) {
            return handle.getClass().getName();
        }
        Object d = r.description;
        if (d instanceof JdbcChild) {
            return ((JdbcChild) d).type();
        }
        return d == null || d instanceof JdbcSource ? null : d.getClass().getName();
    }
}

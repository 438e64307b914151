package precision;

import java.io.IOException;
import java.io.InputStream;
import org.junit.platform.launcher.LauncherInterceptor;

/**
 * Runs each test class of {@code precision.isolated} in a class loader of its own, which also
 * defines that package's library classes again: Agroal's suite does this for its Narayana tests
 * (IsolatingClassloaderLauncherInterceptor), so a library's static singleton lives in a loader
 * that is not the system one. Every other class loads as before.
 */
public final class IsolatingInterceptor implements LauncherInterceptor {
    static final String ISOLATED = "precision.isolated.";

    private final ClassLoader parent = Thread.currentThread().getContextClassLoader();

    @Override
    public <T> T intercept(Invocation<T> invocation) {
        Thread.currentThread().setContextClassLoader(new PerTestClass(parent));
        return invocation.proceed();
    }

    @Override
    public void close() {
        Thread.currentThread().setContextClassLoader(parent);
    }

    /** What JUnit loads test classes through: each top-level isolated class gets an OwnLoader of its own. */
    private static final class PerTestClass extends ClassLoader {
        private final java.util.Map<String, OwnLoader> own = new java.util.concurrent.ConcurrentHashMap<>();

        PerTestClass(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(ISOLATED) && !name.contains("$") && !name.startsWith(ISOLATED + "lib.")) {
                return own.computeIfAbsent(name, n -> new OwnLoader(getParent())).loadClass(name, resolve);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** Defines every precision.isolated class itself, once; delegates the rest. */
    private static final class OwnLoader extends ClassLoader {
        OwnLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(ISOLATED)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }
}

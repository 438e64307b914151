package org.example.plugins;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A parent-last loader like a web application's: its own jars first, and the parent (the
 * application class loader) only for the Java platform's names; the rest of the parent's classes
 * are hidden from it, as a container hides its own implementation from the applications it runs.
 *
 * <p>Outside io.leakguard on purpose: leakguard passes over its own namespace, and a host's loader
 * is never in it.
 */
public class ParentLastLoader extends URLClassLoader {
    public ParentLastLoader(URL jar) {
        super("parent-last", new URL[] {jar}, ClassLoader.getSystemClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notMine) {
                    if (!name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jdk.")
                            && !name.startsWith("sun.")) {
                        throw new ClassNotFoundException(name + " is hidden from this web application");
                    }
                    c = super.loadClass(name, false);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}

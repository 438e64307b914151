package org.example.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * A class loader like a plug-in system's: it asks its parent (the platform loader) only for the
 * Java platform's own names and defines every other class itself, from one jar (read into memory
 * up front, so no file stays open). Nothing else is visible through it.
 *
 * <p>Outside io.leakguard on purpose: leakguard passes over its own namespace, and a host's loader
 * is never in it.
 */
public class OnlyJavaLoader extends ClassLoader {
    private static final String[] PLATFORM = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    private final Map<String, byte[]> entries = new HashMap<>();
    private final String jarPath;

    public OnlyJavaLoader(String jarPath) throws IOException {
        super("only-java", ClassLoader.getPlatformClassLoader());
        this.jarPath = jarPath;
        try (JarInputStream jar = new JarInputStream(new java.io.FileInputStream(jarPath))) {
            JarEntry e;
            while ((e = jar.getNextJarEntry()) != null) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), jar.readAllBytes());
                }
            }
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = platform(name) ? getParent().loadClass(name) : findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private static boolean platform(String name) {
        for (String p : PLATFORM) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = entries.get(name.replace('.', '/') + ".class");
        if (b == null) {
            throw new ClassNotFoundException(name + " (only-java loader: not in " + jarPath + ")");
        }
        return defineClass(name, b, 0, b.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] b = entries.get(name);
        return b == null ? super.getResourceAsStream(name) : new ByteArrayInputStream(b);
    }
}

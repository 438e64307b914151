package io.leakguard.apps.files;

import java.security.SecureRandom;

/**
 * Touches what the JDK itself keeps open for the life of the JVM: class-path jars (run it from
 * a jar), /dev/random and /dev/urandom behind SecureRandom. None of it is the program's leak.
 */
public final class JdkOwnedFiles {
    private JdkOwnedFiles() {
    }

    public static void main(String[] args) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] seed = random.generateSeed(8);
        int n = random.nextInt(100) + seed.length;
        // Load another class from the class path after start-up.
        String name = Class.forName("io.leakguard.apps.files.FileClean").getSimpleName();
        Thread.sleep(500);
        System.out.println("JdkOwnedFiles: " + (n >= 0) + " " + name);
    }
}

package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.files.FileLeaks;
import io.leakguard.apps.jdbc.JdbcLeaks;
import io.leakguard.apps.locks.LockClean;
import io.leakguard.apps.sockets.SocketClean;
import java.nio.file.Path;
import java.util.List;

/**
 * A broken tracker must not hurt its host. With -Dio.leakguard.debug.faults=true every tracker
 * entry point (resource acquire and release, lock holds, lock waits) throws from inside its
 * guard, as a bad build would. The programs' output and exit codes are exactly those without the
 * agent; each failing place is reported once; a part that keeps failing is switched off, once.
 */
class FaultInjectionTest {
    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    @OnEachJdk
    void aTrackerThatThrowsEverywhereChangesNothingForTheApplication(Path jdk) throws Exception {
        List<String[]> programs = List.of(new String[] {FileLeaks.class.getName(), "300"},
                new String[] {SocketClean.class.getName(), "200"}, new String[] {LockClean.class.getName(), "1500"},
                new String[] {JdbcLeaks.class.getName(), "h2", "hikari", "300"});
        for (String[] p : programs) {
            String main = p[0];
            String[] args = java.util.Arrays.copyOfRange(p, 1, p.length);
            JvmRun bare = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                    .jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
            JvmRun faulty = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                    .jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").jvmArg("-Dio.leakguard.debug.faults=true")
                    .agent("lock.track-holds=always,scan.interval=200ms");
            JvmRun.Result without = bare.run(main, args);
            JvmRun.Result with = faulty.run(main, args);
            assertEquals(without.exitCode, with.exitCode, with.toString());
            assertEquals(without.stdout, with.stdout, with.toString());
            assertFalse(with.stderr.contains("Exception in thread"), with.toString());
            assertEquals(1, count(with.stderr, "leakguard: internal error in tracker.acquire: java.lang.IllegalStateException: "
                    + "injected fault"), with.toString());
            assertTrue(count(with.stderr, "switched off") <= 3, "each part switched off at most once:\n" + with);
            for (String place : List.of("tracker.acquire", "tracker.release", "lock tracking", "lock release", "lock wait")) {
                assertTrue(count(with.stderr, "leakguard: internal error in " + place + ":") <= 1, place + "\n" + with);
            }
        }
    }
}

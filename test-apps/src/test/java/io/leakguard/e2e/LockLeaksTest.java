package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakguard.apps.locks.LockClean;
import io.leakguard.apps.locks.LockLeaks;
import io.leakguard.apps.locks.MonitorContention;
import io.leakguard.apps.locks.VirtualThreadLocks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Locks through the built jar on each JDK: every lock problem in {@link LockLeaks} is reported
 * with the thread that holds the lock and the line that took it (read from the program's
 * {@code // LEAK:} markers), from the JSON report; a program with heavy, correct lock traffic
 * reports nothing.
 */
class LockLeaksTest {
    private static final String LEAKS = LockLeaks.class.getName();

    /** One run of a scenario: the program's result and the JSON findings. */
    private static final class Scenario {
        final JvmRun.Result run;
        final List<JsonNode> findings;

        Scenario(JvmRun.Result run) {
            this.run = run;
            this.findings = run.report().all.stream().map(f -> f.json).collect(Collectors.toList());
        }

        /** Findings of a kind, during the run (the exit summary repeats them; those are left out). */
        List<JsonNode> of(String kind) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode f : findings) {
                if (f.path("kind").asText().equals(kind) && !out.stream().anyMatch(o -> o.path("site").asText().equals(f.path("site").asText()))) {
                    out.add(f);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return run + "\nJSON findings: " + findings;
        }
    }

    /**
     * A driver's own lock (two threads on one PostgreSQL connection, the second queued behind a
     * 3 s query in pgjdbc's connection lock) is not a lock-wait finding at lock.wait-timeout: the
     * driver serializes its work that way. It is one past lock.hold-warn, when it looks stuck.
     */
    @OnEachJdk
    void aDriversOwnLockIsReportedOnlyPastHoldWarn(Path jdk) throws Exception {
        DatabaseServers.require("postgres");
        String main = io.leakguard.apps.jdbc.SharedConnection.class.getName();
        JvmRun.Result r = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("").report()
                .run(main, "3").assertAgentHealthy();
        Scenario quiet = new Scenario(r);
        assertEquals("SharedConnection: both queries done\n", r.stdout, quiet.toString());
        assertTrue(quiet.of("lock-wait").isEmpty(), quiet.toString());

        r = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("lock.hold-warn=2s").report()
                .run(main, "4").assertAgentHealthy();
        Scenario stuck = new Scenario(r);
        List<JsonNode> waits = stuck.of("lock-wait");
        assertEquals(1, waits.size(), stuck.toString());
        assertEquals("second-query", thread(waits.get(0), "waiter").path("name").asText(), stuck.toString());
        assertEquals("slow-query", thread(waits.get(0), "owner").path("name").asText(), stuck.toString());
        assertTrue(thread(waits.get(0), "waiter").path("stack").toString().contains("org.postgresql."), stuck.toString());
        // The site is the application's line that queried, not the driver's lock call.
        assertTrue(waits.get(0).path("site").asText().startsWith(main + ".query(SharedConnection.java:"), stuck.toString());
    }

    private static Scenario run(Path jdk, String agentArgs, String main, String... args) throws Exception {
        return new Scenario(JvmRun.on(jdk).agent(agentArgs).report().run(main, args).assertAgentHealthy());
    }

    private static List<JsonNode> threads(JsonNode finding) {
        List<JsonNode> out = new ArrayList<>();
        finding.path("threads").forEach(out::add);
        return out;
    }

    private static JsonNode thread(JsonNode finding, String role) {
        return threads(finding).stream().filter(t -> t.path("role").asText().equals(role)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + role + " in " + finding));
    }

    private static String line(Map<String, Integer> markers, String name) {
        return "(LockLeaks.java:" + markers.get(name) + ")";
    }

    @OnEachJdk
    void eachLockProblemNamesTheHolderAndTheLineThatTookIt(Path jdk) throws Exception {
        Map<String, Integer> markers = SourceMarkers.of(LockLeaks.class);
        // Waits are findings at half a second (the default is one): the scenarios run 2.5 s, two
        // seconds of margin past the threshold (six threads and their JVM's start share the
        // window on a loaded machine). Five at once in one JVM per JDK, each on locks of
        // its own: every finding is told apart by its threads and its line, and the findings all
        // together are exactly the five expected, so none leaked into another scenario. The
        // monitor deadlock runs alone: the JVM's detector reports every thread deadlocked at the
        // time of a scan as one finding, and the ReentrantLock cycle would join it.
        String agent = "lock.track-holds=always,lock.wait-timeout=500ms";
        Scenario s = run(jdk, agent, LEAKS, "missing-unlock,dead-owner,deadlock,slow-holder,write-lock", "2500");
        assertEquals(List.of("LockLeaks dead-owner: done", "LockLeaks deadlock: done", "LockLeaks missing-unlock: done",
                "LockLeaks slow-holder: done", "LockLeaks write-lock: done", "main got the lock: false",
                "reserve failed: negative quantity", "worker exits holding the lock"),
                s.run.stdout.lines().sorted().collect(Collectors.toList()), s.toString());
        assertEquals(List.of("dead-owner", "deadlock", "lock-wait"),
                s.findings.stream().map(f -> f.path("kind").asText()).distinct().sorted().collect(Collectors.toList()),
                s.toString());
        assertEquals(3, s.of("lock-wait").size(), "one wait per scenario that waits:\n" + s);

        // A missing unlock on an exception path: the next thread waits; the owner is main, and
        // the line is the lock() in reserve(). Nothing else is reported there.
        String reserve = LEAKS + ".reserve" + line(markers, "missing-unlock");
        JsonNode wait = waitOf(s, "buyer");
        assertEquals("lock", wait.path("family").asText());
        assertEquals("ReentrantLock", wait.path("type").asText());
        assertEquals(reserve, wait.path("site").asText(), s.toString());
        assertEquals("main", thread(wait, "owner").path("name").asText());
        assertEquals(reserve, thread(wait, "owner").path("acquiredAt").asText());
        assertTrue(thread(wait, "owner").path("stack").toString().contains(LEAKS + ".missingUnlock("),
                "the owner's current stack: " + s);
        assertTrue(thread(wait, "waiter").path("stack").toString().contains("lambda$missingUnlock$"), s.toString());
        assertTrue(s.findings.stream().filter(f -> f.path("site").asText().equals(reserve))
                .allMatch(f -> f.path("kind").asText().equals("lock-wait")), s.toString());

        // An owner thread that ends holding the lock: a definite leak, at its line.
        List<JsonNode> dead = s.of("dead-owner");
        assertEquals(1, dead.size(), s.toString());
        assertTrue(dead.get(0).path("site").asText().endsWith(line(markers, "dead-owner")), s.toString());
        assertEquals("order-worker", thread(dead.get(0), "owner").path("name").asText());
        assertEquals("TERMINATED", thread(dead.get(0), "owner").path("state").asText());

        // Two ReentrantLocks taken in opposite orders: one deadlock finding naming both threads
        // and both lines; their waits are that finding, not more.
        List<JsonNode> deadlocks = s.of("deadlock");
        assertEquals(1, deadlocks.size(), s.toString());
        assertEquals(List.of("transfer-1", "transfer-2"), names(deadlocks.get(0)), s.toString());
        assertEquals(List.of(line(markers, "deadlock-orders"), line(markers, "deadlock-payments")),
                acquiredLines(deadlocks.get(0)), s.toString());
        for (String deadlocked : List.of("transfer-1", "transfer-2")) {
            assertTrue(s.of("lock-wait").stream().noneMatch(w -> thread(w, "waiter").path("name").asText().equals(deadlocked)),
                    deadlocked + "'s wait is the deadlock, not a lock-wait: " + s);
        }

        // A holder that sleeps inside its critical section: the waiter's stack and the owner's.
        wait = waitOf(s, "scenario-slow-holder");
        assertEquals("slow-holder", thread(wait, "owner").path("name").asText());
        assertTrue(thread(wait, "owner").path("acquiredAt").asText().endsWith(line(markers, "slow-holder")));
        assertTrue(thread(wait, "owner").path("stack").toString().contains("java.lang.Thread.sleep"), s.toString());
        assertTrue(thread(wait, "waiter").path("stack").toString()
                .contains(LEAKS + ".slowHolder" + line(markers, "slow-waiter")), s.toString());

        // A write lock kept: the reader waits behind it.
        wait = waitOf(s, "catalog-reader");
        assertEquals("ReentrantReadWriteLock.writeLock", wait.path("type").asText());
        assertEquals(LEAKS + ".writeLockKept" + line(markers, "write-lock"), wait.path("site").asText(), s.toString());

        // The same with synchronized blocks: the JVM's detector. For a monitor the JVM names the
        // frame that holds it, at the line that frame is at now (inside the synchronized block).
        s = run(jdk, agent, LEAKS, "monitor-deadlock", "2500");
        deadlocks = s.of("deadlock");
        assertEquals(1, deadlocks.size(), s.toString());
        assertEquals("monitor", deadlocks.get(0).path("type").asText());
        assertEquals(List.of("left-first", "right-first"), names(deadlocks.get(0)), s.toString());
        List<String> held = acquiredLines(deadlocks.get(0));
        int[] entered = {markers.get("monitor-left"), markers.get("monitor-right")};
        for (int i = 0; i < 2; i++) {
            int at = Integer.parseInt(held.get(i).replaceAll("\\D", ""));
            assertTrue(at >= entered[i] && at <= entered[i] + 5, "inside the block entered at line " + entered[i]
                    + ": " + held + "\n" + s);
        }
        assertTrue(s.of("lock-wait").isEmpty(), s.toString());
    }

    /** The one lock-wait finding whose waiter is this thread. */
    private static JsonNode waitOf(Scenario s, String waiter) {
        List<JsonNode> waits = s.of("lock-wait").stream()
                .filter(w -> thread(w, "waiter").path("name").asText().equals(waiter)).collect(Collectors.toList());
        assertEquals(1, waits.size(), "waits of " + waiter + ": " + s);
        return waits.get(0);
    }

    private static List<String> names(JsonNode finding) {
        return threads(finding).stream().map(t -> t.path("name").asText()).sorted().collect(Collectors.toList());
    }

    /** The "(File.java:N)" part of each member's acquisition site, in the order of the sorted names. */
    private static List<String> acquiredLines(JsonNode finding) {
        return threads(finding).stream().sorted((a, b) -> (a.path("name").asText()).compareTo(b.path("name").asText()))
                .map(t -> {
                    String at = t.path("acquiredAt").asText();
                    return at.substring(at.lastIndexOf('('));
                }).collect(Collectors.toList());
    }

    @OnEachJdk
    void byDefaultTheFirstProblemIsReportedAndHoldTrackingStarts(Path jdk) throws Exception {
        // lock.track-holds=auto: nothing is recorded per lock until the first problem, so the
        // first report names the owner and its stack but not the line.
        Scenario s = run(jdk, "scan.interval=1h,lock.wait-timeout=500ms", LEAKS, "missing-unlock", "2500");
        List<JsonNode> waits = s.of("lock-wait");
        assertEquals(1, waits.size(), s.toString());
        assertEquals("main", thread(waits.get(0), "owner").path("name").asText());
        assertTrue(thread(waits.get(0), "owner").path("acquiredAt").asText().startsWith("unknown (hold tracking was off"),
                s.toString());
        // Monitor mode changed nothing the program does.
        JvmRun.Result bare = JvmRun.on(jdk).run(LEAKS, "missing-unlock", "2500");
        assertEquals(bare.stdout, s.run.stdout);
        assertEquals(bare.exitCode, s.run.exitCode);
    }

    @OnEachJdk
    void aLockHeldPastHoldWarnIsReported(Path jdk) throws Exception {
        Map<String, Integer> markers = SourceMarkers.of(LockLeaks.class);
        Scenario s = run(jdk, "lock.track-holds=always,lock.hold-warn=500ms,lock.wait-timeout=0", LEAKS, "slow-holder", "2500");
        List<JsonNode> holds = s.of("long-hold");
        assertEquals(1, holds.size(), s.toString());
        assertTrue(holds.get(0).path("site").asText().endsWith(line(markers, "slow-holder")), s.toString());
        assertEquals("slow-holder", holds.get(0).path("thread").asText());
        assertTrue(s.of("lock-wait").isEmpty(), "lock.wait-timeout=0 turns wait findings off: " + s);
    }

    @OnEachJdk
    void enforceCanThrowInsteadOfWaitingForever(Path jdk) throws Exception {
        Map<String, Integer> markers = SourceMarkers.of(LockLeaks.class);
        Scenario s = run(jdk, "mode=enforce,lock.on-timeout=throw,lock.track-holds=always", LEAKS, "throw", "4000");
        String out = s.run.stdout;
        assertTrue(out.contains("lock() threw io.leakguard.bootstrap.LockWaitTimeoutException: leakguard: gave up waiting for "
                + "ReentrantLock"), s.toString());
        assertTrue(out.contains("held by thread \"long-holder\""), s.toString());
        assertTrue(out.contains(line(markers, "throw-holder")), "the owner's line: " + s);
        assertFalse(s.of("lock-timeout").isEmpty(), s.toString());
        // Without enforce the same program just waits, as it would without the agent.
        Scenario monitor = run(jdk, "lock.on-timeout=throw", LEAKS, "throw", "1500");
        assertTrue(monitor.run.stdout.contains("lock acquired after waiting"), monitor.toString());
    }

    @OnEachJdk
    void virtualThreadsAreReportedLikePlatformThreads(Path jdk) throws Exception {
        Assumptions.assumeTrue(Jdks.feature(jdk) >= 21, "virtual threads need JDK 21+");
        Map<String, Integer> markers = SourceMarkers.of(VirtualThreadLocks.class);
        Scenario s = run(jdk, "lock.track-holds=always,lock.wait-timeout=500ms", VirtualThreadLocks.class.getName(), "2500");
        assertTrue(s.run.stdout.contains("virtual=true"), s.toString());
        List<JsonNode> waits = s.of("lock-wait");
        assertEquals(1, waits.size(), s.toString());
        assertEquals("virtual-waiter", thread(waits.get(0), "waiter").path("name").asText());
        assertEquals("virtual-holder", thread(waits.get(0), "owner").path("name").asText());
        assertTrue(thread(waits.get(0), "owner").path("acquiredAt").asText()
                .endsWith("(VirtualThreadLocks.java:" + markers.get("virtual-holder") + ")"), s.toString());
    }

    /**
     * A wait to enter a synchronized block is seen by sampling thread states. Eight threads taking
     * turns on one monitor are each BLOCKED on it at almost every reading, but each wait lasts
     * microseconds: nothing to report (a false "waited 1.1 s" was reported once in a CI-like run of
     * heavyCorrectLockTrafficReportsNothing, and here on every run before the fix). One thread kept
     * out for 3.5 s by a holder that sleeps inside the block is one long wait, reported once, at
     * the holder's line.
     */
    @OnEachJdk
    void manyShortMonitorWaitsAreNotOneLongOne(Path jdk) throws Exception {
        String main = MonitorContention.class.getName();
        Scenario churn = run(jdk, "lock.wait-timeout=500ms", main, "churn", "2500");
        assertEquals("MonitorContention churn: every thread entered at least 100 times\n", churn.run.stdout, churn.toString());
        assertTrue(churn.of("lock-wait").isEmpty(), churn.toString());
        assertFalse(churn.run.stderr.contains("[lock-wait]"), churn.toString());

        // Monitors are read with the JVM's deadlock check, about once a second: a wait is seen at two
        // readings only if it lasts well over one interval, even on a slow machine.
        Scenario stuck = run(jdk, "lock.wait-timeout=500ms", main, "stuck", "3500");
        assertEquals("MonitorContention stuck: done\n", stuck.run.stdout, stuck.toString());
        List<JsonNode> waits = stuck.of("lock-wait");
        assertEquals(1, waits.size(), stuck.toString());
        assertEquals("monitor", waits.get(0).path("type").asText(), stuck.toString());
        assertEquals("monitor-waiter", thread(waits.get(0), "waiter").path("name").asText(), stuck.toString());
        assertEquals("monitor-holder", thread(waits.get(0), "owner").path("name").asText(), stuck.toString());
        int entered = SourceMarkers.of(MonitorContention.class).get("monitor-holder");
        String site = waits.get(0).path("site").asText();
        int at = site.matches(".*:\\d+\\)") ? Integer.parseInt(site.substring(site.lastIndexOf(':') + 1, site.length() - 1)) : -1;
        assertTrue(site.startsWith(main + ".lambda$stuck$") && at >= entered && at <= entered + 5,
                "inside the block entered at line " + entered + ": " + site);
    }

    @OnEachJdk
    void heavyCorrectLockTrafficReportsNothing(Path jdk) throws Exception {
        for (String track : List.of("always", "auto")) {
            Scenario s = run(jdk, "lock.track-holds=" + track + ",lock.hold-warn=1s,lock.wait-timeout=1s",
                    LockClean.class.getName(), "3000");
            assertEquals("LockClean: true true true\n", s.run.stdout, s.toString());
            assertTrue(s.findings.isEmpty(), s.toString());
            assertFalse(s.run.stderr.contains("leakguard: ["), s.toString());
        }
    }
}

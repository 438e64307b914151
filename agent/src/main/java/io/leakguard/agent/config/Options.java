package io.leakguard.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every key leakguard accepts. The README's options table and --help are printed from here. */
public final class Options {
    /** Library packages whose frames are skipped on the way to the application's own line. */
    /** Connection pools and JDBC drivers: their code is never the application's. */
    public static final String POOLS_AND_DRIVERS = "com.zaxxer.hikari.;org.apache.commons.dbcp2.;"
            + "org.apache.commons.pool2.;com.mchange.;org.apache.tomcat.jdbc.;io.agroal.;org.h2.;org.postgresql.;"
            + "org.mariadb.;com.mysql.;org.hsqldb.;org.apache.derby.;oracle.jdbc.;com.microsoft.sqlserver.;org.sqlite.;"
            + "com.ibm.db2.;net.sourceforge.jtds.;org.firebirdsql.;com.clickhouse.;org.duckdb.;";
    static final String LIBRARIES = POOLS_AND_DRIVERS + "org.slf4j.;ch.qos.logback.;org.apache.logging.log4j.;kotlin.;scala.;groovy.;"
            + "org.codehaus.groovy.;org.springframework.;org.hibernate.;org.jooq.;org.apache.ibatis.;org.mybatis.;"
            + "org.jdbi.;io.micronaut.data.;io.quarkus.agroal.";

    public static final Map<String, Option> ALL;

    static {
        Map<String, Option> m = new LinkedHashMap<>();
        add(m, Option.choice("mode", "monitor",
                "monitor: track and report, never change behaviour; enforce: monitor plus timeouts, quotas "
                        + "and reclaim (as each family lands); ci: a full stack for every acquisition", "monitor", "enforce", "ci"));
        add(m, Option.choice("install", "sync", "how instrumentation is installed at JVM start: sync = before main() "
                + "runs, so everything is tracked from the program's first line; async = on a background thread, what the "
                + "program opens before it is done (a few tens of milliseconds) is not tracked; auto = sync (kept for "
                + "configurations written for earlier versions)", "sync", "async", "auto"));
        add(m, Option.path("config", "a properties file with more keys (lowest precedence)"));
        add(m, Option.duration("scan.interval", "60s", "how often the leak scan runs"));
        add(m, Option.duration("leak.warn", "10m", "a resource open longer than this is a warning finding (0 = off)"));
        add(m, Option.duration("leak.critical", "30m", "a resource open longer than this is a critical finding (0 = off)"));
        add(m, Option.globs("ignore.paths", "/dev/random;/dev/urandom", "resources whose description matches are never reported"));
        add(m, Option.globs("ignore.sites", "", "resources acquired at a matching frame (any frame of the stack) are never reported"));
        add(m, Option.path("report.json", "also write findings as JSON lines to this file (created owner-readable only; "
                + "never through a symbolic link nor into another user's file; in ci mode the default is target/leakguard/report.json)"));
        add(m, Option.onOff("report.stderr", "on", "print findings and the exit report on stderr"));
        add(m, Option.integer("stack.depth", "64", 8, 1024, "most frames kept in a captured stack"));
        add(m, Option.integer("site.budget", "5", 1, 100, "monitor mode: most % of a thread's time, and of the machine's cores together, "
                + "spent finding acquisition sites; past it, acquisitions are sampled (100 = always)"));
        add(m, Option.prefixes("site.skip", "", "more library packages to skip when looking for the acquiring line"));
        add(m, Option.integer("max-tracked", "1000000", 1000, 100_000_000, "most resources recorded at once; beyond it "
                + "acquisitions are counted but not recorded (a finding says so once), so the heap never grows without bound"));
        add(m, Option.onOff("file", "on", "track files: streams, RandomAccessFile, FileChannel, Files.*, ZipFile/JarFile, directory streams"));
        add(m, Option.onOff("socket", "on", "track sockets: Socket (connected, accepted, bound), ServerSocket, SocketChannel, "
                + "ServerSocketChannel, DatagramChannel/DatagramSocket, Selector"));
        add(m, Option.onOff("jdbc", "on", "track JDBC: connections from any Driver or DataSource (pool-aware), statements, result sets"));
        add(m, Option.duration("jdbc.query-timeout", "30s", "enforce: query timeout set on statements whose application set none "
                + "(0 = off; whole seconds, as JDBC takes)"));
        add(m, Option.onOff("jdbc.capture-sql", "off", "show the SQL text the application gave (prepareStatement, "
                + "prepareCall, Statement.execute*) with leaked statements and result sets, up to 200 characters; bound "
                + "parameters are never seen, but literals written into the SQL are, hence off by default"));
        add(m, Option.onOff("jdbc.reclaim", "on", "enforce: connections idle past leak.critical (no call on them, their statements or result "
                + "sets; no open result set; no transaction) are reclaimed (pooled: returned to the pool; plain: aborted)"));
        add(m, Option.duration("jdbc.tx-warn", "60s", "a transaction open longer than this (autocommit off, since its first "
                + "statement after setAutoCommit(false), commit() or rollback()) is a finding naming that statement's line, "
                + "the connection and the pool (0 = off)"));
        add(m, Option.duration("jdbc.tx-idle-warn", "10s", "a transaction with no statement for this long (idle in "
                + "transaction: its locks held while nothing happens) is a finding of its own (0 = off)"));
        add(m, Option.duration("quota.wait", "0", "enforce: a connection or socket that meets a full quota (jdbc.max-*, "
                + "net.max-sockets*) waits this long in line, first come first served, for a slot, then is refused saying "
                + "how long it waited; a thread that holds a slot of that quota itself is refused at once (0 = refuse at once)"));
        add(m, Option.integer("jdbc.max-connections", "0", 0, 1_000_000, "enforce: most application connections open at once (0 = no quota)"));
        add(m, Option.integer("jdbc.max-connections-per-user", "0", 0, 1_000_000,
                "enforce: most open per database user/URL or DataSource (0 = no quota)"));
        add(m, Option.duration("net.connect-timeout", "5s", "enforce: connect timeout for Socket connects the application "
                + "made without one (0 = off)"));
        add(m, Option.duration("net.read-timeout", "0", "enforce: SO_TIMEOUT for connected sockets that have none (0 = off)"));
        add(m, Option.integer("net.max-sockets", "0", 0, 10_000_000, "enforce: most application sockets open at once; "
                + "a connect past it fails with an IOException (0 = no quota)"));
        add(m, Option.integer("net.max-sockets-per-endpoint", "0", 0, 10_000_000,
                "enforce: most open sockets to one host:port (0 = no quota)"));
        add(m, Option.onOff("net.circuit-breaker", "off", "enforce: per host:port, fail connects at once after repeated failures"));
        add(m, Option.integer("net.circuit-breaker.failures", "5", 1, 1000, "consecutive connect failures that open a circuit"));
        add(m, Option.duration("net.circuit-breaker.window", "10s", "the failures must fall within this time"));
        add(m, Option.duration("net.circuit-breaker.cool-down", "30s", "how long a circuit stays open before one trial connect"));
        add(m, Option.duration("io.slow", "10s", "a file or socket read, write or force (fsync) blocked longer than this "
                + "is a finding while it is still blocked (a socket read only when it awaits a reply, see docs/how-it-works.md): the thread, its stack, the resource and the line that opened it; "
                + "never interrupted (0 = off; set at start)"));
        add(m, Option.onOff("thread", "on", "track platform threads the application starts (Thread.start(), "
                + "ThreadPoolExecutor workers at the line that created the executor) until they end; not virtual threads, "
                + "ForkJoinPool workers, nor what the JDK, a test framework or the agent starts (set at start)"));
        add(m, Option.integer("thread.warn", "200", 0, 10_000_000, "a line from which more threads than this are running at "
                + "once (started there, or workers of executors created there) is a finding, again each time the count "
                + "doubles; ci mode: a test that leaves a thread it started running fails (0 = off)"));
        add(m, Option.onOff("lock", "on", "watch locks: ReentrantLock and ReentrantReadWriteLock waits, holds, dead owners; "
                + "deadlocks and long waits for synchronized blocks too"));
        add(m, Option.duration("lock.wait-timeout", "1s", "a thread waiting longer than this for a lock is a finding, "
                + "with the owner and its stack (0 = off)"));
        add(m, Option.duration("lock.hold-warn", "10s", "a lock held longer than this is a finding (needs hold tracking; 0 = off)"));
        add(m, Option.choice("lock.on-timeout", "report", "enforce: what a lock() that waits past lock.wait-timeout does: "
                + "report it, or throw LockWaitTimeoutException naming the owner (locks are never force-released; "
                + "set at start, with mode=enforce)",
                "report", "throw"));
        add(m, Option.choice("lock.track-holds", "auto", "record which thread holds which lock and the line that took it "
                + "(about 8 ns per lock+unlock): auto = from the first lock problem on, always (the ci-mode default), off",
                "auto", "always", "off"));
        add(m, Option.onOff("pressure", "on", "watch file-descriptor, JDBC-connection (against jdbc.max-connections) and heap "
                + "pressure: normal < 70 % <= elevated < 85 % <= high < 95 % <= critical; level changes are findings"));
        add(m, Option.onOff("pressure.dump", "on", "at elevated pressure, write the holder dump (open resources by site) "
                + "to stderr, once per episode"));
        add(m, Option.onOff("pressure.reclaim", "on", "enforce: at high pressure, reclaim resources open past leak.critical "
                + "(connections returned or aborted, files and sockets closed)"));
        add(m, Option.set("reclaim.families", "jdbc", "enforce: what reclaim may take back: jdbc = connections idle past "
                + "leak.critical (no call, no open result set, no transaction); file, socket = closed at high descriptor "
                + "pressure when open past leak.critical (opt in: age is no proof that a log file or client socket is leaked)",
                "jdbc", "file", "socket"));
        add(m, Option.onOff("pressure.refuse", "on", "enforce: at critical pressure, refuse new files and sockets (IOException) "
                + "or JDBC connections (SQLTransientConnectionException) until it falls below high"));
        add(m, Option.integer("metrics.port", "0", 0, 65535, "serve Prometheus metrics at http://metrics.host:port/metrics "
                + "(0 = off)"));
        add(m, Option.host("metrics.host", "127.0.0.1", "the address the metrics endpoint listens on (loopback unless "
                + "you name another)"));
        add(m, Option.onOff("jmx.control", "off", "allow set and detach (and the MBean's setters) over JMX; off = the "
                + "MBean is read-only. Turn on at start or, as the JVM's own user, with: attach <pid> jmx.control=on"));
        add(m, Option.onOff("jfr", "on", "findings as JDK Flight Recorder events (leakguard.*) in any running recording"));
        add(m, Option.duration("ci.grace", "200ms", "ci: how long after a test ends its resources may still close "
                + "(asynchronous close) before they fail it"));
        add(m, Option.onOff("ci.grace-learn", "on", "ci: a test whose every leak is along an acquisition path (its test "
                + "class, type and stack down to the test's line) that already failed 3 tests after the full ci.grace, and "
                + "was never closed during one, waits 50ms instead (a suite whose parameterized test leaks on every case); "
                + "off = every leaking test waits ci.grace"));
        add(m, Option.duration("ci.thread-wait", "2s", "ci: after ci.grace, how long in all to wait for the threads "
                + "the test started: first those that hold what it left open (they may be about to close it), then, in "
                + "what is left, those still running (they may be about to end); 0 = do not wait"));
        add(m, Option.choice("ci.fail-on", "any", "ci: what fails a test: any resource still open at its end, or only "
                + "definite leaks (garbage collected without close())", "any", "definite"));
        add(m, Option.choice("ci.stacks", "shared", "ci: where the agent has woven the application's call of a JDBC "
                + "method or a file constructor, acquisitions there share one stack when it is provably the same (the "
                + "same line, class and test, the line's method called by the test framework); every = a stack captured "
                + "at every acquisition", "shared", "every"));
        add(m, Option.path("ci.baseline", "ci: a baseline file (java -jar leakguard-agent.jar baseline report.json): "
                + "leaks at its sites (family and line) fail no test, new sites do; its sites that did not leak are "
                + "listed at the end of the run (fixed: remove from baseline)"));
        ALL = Collections.unmodifiableMap(m);
    }

    private Options() {
    }

    private static void add(Map<String, Option> m, Option o) {
        m.put(o.key, o);
    }

    /** Per-endpoint override keys: net.endpoints.<host:port>.connect-timeout (a duration). */
    public static boolean isEndpointKey(String key) {
        return key.startsWith(ENDPOINT_PREFIX) && key.endsWith(ENDPOINT_SUFFIX)
                && key.length() > ENDPOINT_PREFIX.length() + ENDPOINT_SUFFIX.length();
    }

    static final String ENDPOINT_PREFIX = "net.endpoints.";
    static final String ENDPOINT_SUFFIX = ".connect-timeout";

    static Option endpointOption(String key) {
        return Option.duration(key, "", "connect timeout for one endpoint");
    }

    /** The name of the environment variable for a key: mode -> LEAKGUARD_MODE, scan.interval -> LEAKGUARD_SCAN_INTERVAL. */
    public static String envName(String key) {
        return "LEAKGUARD_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}

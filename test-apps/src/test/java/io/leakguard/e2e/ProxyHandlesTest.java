package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leakguard.apps.jdbc.ProxyPoolApp;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pool that hands out JDK dynamic proxies (MyBatis' PooledDataSource): the proxies' own
 * close() returns a borrow, and the JDK generates their class, so leakguard weaves it as it does
 * a pool's generated handle classes. Before, every such borrow was reported open at exit (or
 * collected without close), closed or not: MyBatis' suite showed both.
 */
class ProxyHandlesTest {
    @OnEachJdk
    void onlyTheProxyHandleKeptOpenIsReported(Path jdk) throws Exception {
        int line = SourceMarkers.of(ProxyPoolApp.class).get("kept");
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).jvmArg("-Xverify:all").agent("").report()
                .run(ProxyPoolApp.class.getName())
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("ProxyPoolApp: true, 5 closed, 1 kept\n", run.stdout, run.toString());
        List<Report.Finding> connections = run.report().all.stream().filter(f -> f.family.equals("jdbc"))
                .collect(Collectors.toList());
        assertEquals(1, connections.size(), run.toString());
        assertEquals(ProxyPoolApp.class.getName() + ".main(ProxyPoolApp.java:" + line + ")", connections.get(0).site,
                run.toString());
        assertEquals(1, connections.get(0).count, run.toString());
    }
}

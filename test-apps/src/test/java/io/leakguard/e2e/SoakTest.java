package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.demo.CleanLoad;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A short soak in the build (30 s; docs/benchmarks.md has a longer one): the demo's clean
 * endpoint under a steady loopback load in monitor mode, with thresholds short enough that a
 * leak would be reported within the run. No finding; descriptors flat; heap after GC flat.
 */
@Isolated("steady load for 30 s; descriptors and heap compared")
class SoakTest {
    private static final Pattern SAMPLE = Pattern.compile("soak: sample requests=(\\d+) heapKB=(\\d+) fds=(\\d+)");

    @Test
    void cleanEndpointsUnderLoadStayQuietAndFlat() throws Exception {
        JvmRun.Result run = JvmRun.on(Paths.get(System.getProperty("java.home"))).fullJit().classPath(JvmRun.appsClassPath())
                .jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").jvmArg("-Xmx256m")
                .agent("scan.interval=1s,leak.warn=3s,leak.critical=6s,lock.hold-warn=3s")
                .run(CleanLoad.class.getName(), "30", "5").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertFalse(run.stderr.contains("leakguard: ["), "no finding on a clean endpoint:\n" + run);
        List<long[]> samples = new ArrayList<>();
        Matcher m = SAMPLE.matcher(run.stdout);
        while (m.find()) {
            samples.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        assertTrue(samples.size() >= 4, run.toString());
        assertTrue(run.stdout.contains("failed=0"), run.toString());
        // From the second sample on (the first includes warm-up): descriptors within a few of each
        // other, heap after GC within 8 MB, while the requests go through.
        long[] first = samples.get(1);
        long[] last = samples.get(samples.size() - 1);
        assertTrue(last[0] - first[0] > 300, "load ran: " + run.stdout);
        assertTrue(Math.abs(last[2] - first[2]) <= 4, "descriptors flat: " + run.stdout);
        assertTrue(last[1] - first[1] < 8 * 1024, "heap after GC flat: " + run.stdout);
    }
}

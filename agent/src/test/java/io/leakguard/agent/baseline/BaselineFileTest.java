package io.leakguard.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {
    @TempDir
    Path tmp;

    private static String finding(String kind, String family, String site, int count) {
        return "{\"schema\":\"leakguard.finding/1\",\"kind\":\"" + kind + "\",\"family\":\"" + family
                + "\",\"type\":\"x\",\"site\":\"" + site + "\",\"count\":" + count
                + ",\"resources\":[\"a \\\"quoted\\\" \\\"site\\\":\\\"no\\\"\"],\"action\":\"reported\"}";
    }

    @Test
    void leakSitesSortedWithTheirCountsOneLineEach() {
        String b = BaselineFile.fromReport(List.of(
                finding("open-at-exit", "jdbc", "b.Dao.load(Dao.java:42)", 2),
                finding("warn", "file", "z.Ignored.warn(Ignored.java:1)", 1),
                finding("open-at-exit", "file", "a.Io.read(Io.java:7)", 1),
                finding("definite", "jdbc", "b.Dao.load(Dao.java:42)", 1),
                "{\"schema\":\"leakguard.finding/1\",\"kind\":\"pressure\",\"family\":null,\"site\":null}"));
        assertEquals("{\"schema\":\"leakguard.baseline/1\",\"sites\":[\n"
                + "{\"family\":\"file\",\"site\":\"a.Io.read(Io.java:7)\",\"count\":1},\n"
                + "{\"family\":\"jdbc\",\"site\":\"b.Dao.load(Dao.java:42)\",\"count\":3}\n"
                + "]}\n", b);
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        String site = "a.B.lambda$c$0(B.java:9)";
        Path f = tmp.resolve("baseline.json");
        Files.writeString(f, BaselineFile.fromReport(List.of(finding("open-at-exit", "socket", site, 1))));
        assertEquals(Set.of("socket " + site), BaselineFile.sites(f));
    }

    @Test
    void anEmptyReportIsAnEmptyBaseline() throws Exception {
        Path f = tmp.resolve("empty.json");
        Files.writeString(f, BaselineFile.fromReport(List.of()));
        assertEquals("{\"schema\":\"leakguard.baseline/1\",\"sites\":[\n]}\n", Files.readString(f));
        assertEquals(Set.of(), BaselineFile.sites(f));
    }
}

package io.leakguard.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void eachUnit() {
        assertEquals(250, Durations.parseMillis("250ms"));
        assertEquals(2_000, Durations.parseMillis("2s"));
        assertEquals(60_000, Durations.parseMillis("1m"));
        assertEquals(7_200_000, Durations.parseMillis("2h"));
        assertEquals(0, Durations.parseMillis("0"));
        assertEquals(0, Durations.parseMillis("0ms"));
        assertEquals(1_500, Durations.parseMillis(" 1500ms "), "surrounding blanks are trimmed");
    }

    @Test
    void notADuration() {
        for (String bad : new String[] {"", "10", "-5s", "1.5s", "ms", "s", "5S", "5 s", "5sec", "1m30s", "soon",
            "9999999999999s"}) {
            assertEquals(-1, Durations.parseMillis(bad), "'" + bad + "'");
        }
    }

    @Test
    void aBadDurationIsOneLineNamingTheKeyAndWhatItAccepts() {
        for (String bad : new String[] {"10", "1.5s", "soon", "-1m"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load("leak.warn=" + bad, new Properties(), Map.of()));
            assertTrue(e.getMessage().contains("'leak.warn'") && e.getMessage().contains("250ms"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void aGoodDurationReachesTheConfig() throws Exception {
        Config c = ConfigLoader.load("scan.interval=250ms,leak.warn=2s,leak.critical=1m", new Properties(), Map.of());
        assertEquals(250, c.millis("scan.interval"));
        assertEquals(2_000, c.millis("leak.warn"));
        assertEquals(60_000, c.millis("leak.critical"));
    }

    @Test
    void humanReadableForReports() {
        assertEquals("340 ms", Durations.human(340));
        assertEquals("1.2 s", Durations.human(1_200));
        assertEquals("12.0 min", Durations.human(720_000));
        assertEquals("1.5 h", Durations.human(5_400_000));
    }
}

package precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rule 4: a resource acquired on a thread no test started fails no test. The class's executor
 * and its thread are created when the class initializes (before any test); its task opens a file
 * every 20 ms while the tests run, and the class closes them all at its end.
 */
class Rule4BackgroundThreadTest {
    private static final List<FileInputStream> HELD = new CopyOnWriteArrayList<>();
    private static final ScheduledThreadPoolExecutor BACKGROUND = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "rule4-background");
        t.setDaemon(true);
        return t;
    });

    static {
        BACKGROUND.prestartAllCoreThreads();
        BACKGROUND.scheduleWithFixedDelay(() -> {
            if (HELD.size() < 100) {
                try {
                    HELD.add(new FileInputStream(Data.file()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        BACKGROUND.shutdown();
        assertTrue(BACKGROUND.awaitTermination(5, TimeUnit.SECONDS));
        for (FileInputStream in : HELD) {
            in.close();
        }
    }

    @Test
    void mustPassWhileTheClassesThreadOpensFiles() throws Exception {
        Thread.sleep(200);
        try (FileInputStream in = new FileInputStream(Data.file())) {
            assertEquals('d', in.read());
        }
        assertTrue(!HELD.isEmpty());
    }

    @Test
    void mustFailOwnLeakWhileTheClassesThreadOpensFiles() throws Exception {
        FileInputStream in = new FileInputStream(Data.file());               // leak: site
        Thread.sleep(200);
        assertEquals('d', in.read());
    }
}

package precision;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Rule 6, asynchronous close: a thread the test started still holds the resource when the test
 * ends and closes it shortly after (a file follower on its next poll). Wait for that thread,
 * bounded, before judging.
 */
class Rule6AsyncCloseTest {
    @Test
    void mustPassThreadClosesItsFileAfterTheTestEnds() throws Exception {
        CountDownLatch opened = new CountDownLatch(1);
        Thread follower = new Thread(() -> {
            try (FileInputStream in = new FileInputStream(Data.file())) {
                opened.countDown();
                Thread.sleep(500); // its next poll: ~300 ms past the end of the test and ci.grace
                in.read();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "rule6-follower");
        follower.start();
        opened.await();
    }

    @Test
    void mustFailThreadEndsWithoutClosing() throws Exception {
        CountDownLatch opened = new CountDownLatch(1);
        Thread follower = new Thread(() -> {
            try {
                FileInputStream in = new FileInputStream(Data.file());        // leak: site
                opened.countDown();
                Thread.sleep(100);
                in.read();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "rule6-leaky-follower");
        follower.start();
        opened.await();
    }
}

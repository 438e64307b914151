package precision;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server started by the first test that needs it and kept in this class's static field for
 * every test after it, as jsoup's suite keeps its Netty test server: its loop thread runs for the
 * JVM's life and holds the server's processing lock while it runs, as Netty's event loop does.
 */
final class SharedServer {
    private static SharedServer instance;

    private final ReentrantLock processing = new ReentrantLock();
    private final BlockingQueue<CompletableFuture<String>> requests = new LinkedBlockingQueue<>();
    private final Thread loop = new Thread(this::run, "shared-server-loop");

    private SharedServer() {
        loop.setDaemon(true);
    }

    static synchronized SharedServer get() {
        if (instance == null) {
            instance = new SharedServer();
            instance.loop.start();
        }
        return instance;
    }

    String ask() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        requests.put(answer);
        return answer.get(10, TimeUnit.SECONDS);
    }

    private void run() {
        processing.lock();
        try {
            while (true) {
                requests.take().complete("pong");
            }
        } catch (InterruptedException stopped) {
            // the JVM is going away
        } finally {
            processing.unlock();
        }
    }
}

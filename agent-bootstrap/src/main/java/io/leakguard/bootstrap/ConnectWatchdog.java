package io.leakguard.bootstrap;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends a blocking SocketChannel.connect that outlasts net.connect-timeout by closing the channel:
 * such a connect has no timeout of its own, and closing is the only way to end it.
 */
final class ConnectWatchdog implements Runnable {
    private static volatile ScheduledThreadPoolExecutor watchdogs;

    private final Closeable channel;
    final int millis;
    volatile boolean fired;
    private volatile Future<?> future;

    private ConnectWatchdog(Closeable channel, int millis) {
        this.channel = channel;
        this.millis = millis;
    }

    /** Starts watching a connect that may take at most millis. */
    static ConnectWatchdog start(Closeable channel, int millis) {
        ConnectWatchdog w = new ConnectWatchdog(channel, millis);
        w.future = scheduler().schedule(w, millis, TimeUnit.MILLISECONDS);
        return w;
    }

    /** The connect returned: the watchdog stands down (it may have fired already). */
    void cancel() {
        future.cancel(false);
    }

    @Override
    public void run() {
        fired = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // It is being closed anyway.
        }
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor s = watchdogs;
        if (s == null) {
            synchronized (ConnectWatchdog.class) {
                s = watchdogs;
                if (s == null) {
                    s = new ScheduledThreadPoolExecutor(1, r -> new AgentThread(r, "leakguard-connect-watchdog"));
                    s.setRemoveOnCancelPolicy(true);
                    watchdogs = s;
                }
            }
        }
        return s;
    }
}

package io.leakguard.apps.blocking;

/** An application's thread's task that calls into other code (the lock watch's unit test puts an agent frame between). */
public final class ApplicationCaller implements Runnable {
    private final Runnable callee;

    public ApplicationCaller(Runnable callee) {
        this.callee = callee;
    }

    @Override
    public void run() {
        callee.run();
    }
}

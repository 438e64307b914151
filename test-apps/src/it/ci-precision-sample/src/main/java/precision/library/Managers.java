package precision.library;

/**
 * The library's process-wide manager, created on first use and handed out (Commons VFS's
 * VFS.getManager()): this class has left the stack by the time the caller uses the manager.
 */
public final class Managers {
    private static Manager instance;

    private Managers() {
    }

    public static synchronized Manager get() {
        if (instance == null) {
            instance = new Manager();
        }
        return instance;
    }
}

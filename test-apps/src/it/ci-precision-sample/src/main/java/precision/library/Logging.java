package precision.library;

/**
 * A logging framework as libraries use one: each class keeps a static logger, and every logger
 * reaches the framework's one registry of all loggers (commons-logging over the JDK's or Log4j's
 * registry). About 40,000 objects behind each class's static field, strings counted: Commons VFS's
 * classes each reach about 2,000 this way, and several hundred of them are loaded.
 */
public final class Logging {
    private static final Registry REGISTRY = new Registry();

    private Logging() {
    }

    public static Log get(Class<?> owner) {
        return new Log(owner.getName(), REGISTRY);
    }

    /** One class's logger. */
    public static final class Log {
        final String name;
        final Registry registry;

        Log(String name, Registry registry) {
            this.name = name;
            this.registry = registry;
        }
    }

    /** Every logger the framework knows: 20 buckets of 999, each with its name. */
    static final class Registry {
        final Object[][] buckets = new Object[20][];

        Registry() {
            for (int b = 0; b < buckets.length; b++) {
                buckets[b] = new Object[999];
                for (int i = 0; i < buckets[b].length; i++) {
                    buckets[b][i] = new Named("logger-" + b + "-" + i);
                }
            }
        }
    }

    static final class Named {
        final String name;

        Named(String name) {
            this.name = name;
        }
    }
}

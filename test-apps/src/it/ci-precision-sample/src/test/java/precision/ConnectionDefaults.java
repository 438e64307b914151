package precision;

/**
 * A connection interface with default methods, as Agroal's own suite writes its mock connections
 * (MockConnection): the close() that runs is this default method, not a method of the class.
 */
public interface ConnectionDefaults extends java.sql.Connection {
    /** How many times the default close() ran: the test's proof that the pool closed its connections. */
    java.util.concurrent.atomic.AtomicInteger CLOSES = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    default void close() {
        // A mock closes nothing; the pool's call is all there is to see.
        CLOSES.incrementAndGet();
    }
}

package org.example.pools;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection interface whose close() is a default method, as some pools and test doubles write
 * theirs (Agroal's suite does): the close() that runs is this interface's, not a class's. Loaded
 * before leakguard attaches, it must still be woven, or every close through it is missed.
 */
public interface PooledConnection extends Connection {
    /** How many times the default close() ran. */
    AtomicInteger CLOSES = new AtomicInteger();

    @Override
    default void close() {
        CLOSES.incrementAndGet();
    }
}

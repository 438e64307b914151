package org.example.pools;

import java.sql.Connection;

/** Hands out {@link PooledConnectionStub}s, whose close() is {@link PooledConnection}'s default method. */
public final class PooledDataSource extends SimpleDataSource {
    @Override
    public Connection getConnection() {
        return new PooledConnectionStub();
    }
}

package precision;

import java.sql.Connection;

/** Hands out {@link InheritedCloseConnection}s; a pool makes it by its no-argument constructor. */
public final class InheritedCloseDataSource extends PlainDataSource {
    @Override
    public Connection getConnection() {
        return new InheritedCloseConnection();
    }

    @Override
    public Connection getConnection(String user, String password) {
        return new InheritedCloseConnection();
    }
}

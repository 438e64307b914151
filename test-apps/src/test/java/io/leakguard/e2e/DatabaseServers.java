package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The PostgreSQL and MariaDB servers on 127.0.0.1. Under CI=true a server that is down fails
 * the test (.ci/run starts them); on a developer machine without them the test is skipped.
 */
final class DatabaseServers {
    private DatabaseServers() {
    }

    static void require(String db) {
        int port;
        switch (db) {
            case "postgres": port = 5432; break;
            case "mariadb": port = 3306; break;
            default: return;
        }
        boolean up;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && "true".equals(System.getenv("CI"))) {
            fail(db + " is not listening on 127.0.0.1:" + port + " (CI must start it: see .ci/run)");
        }
        assumeTrue(up, db + " is not running on 127.0.0.1:" + port);
    }
}

package io.leakguard.apps.jdbc;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * ci mode's shared stacks (ci.stacks): borrows from a pool at one line of main() 200 times and
 * keeps the last, opens a file at another line 200 times and keeps the last, then says how many
 * acquisitions shared a trace (the agent's own counter, read
 * from the boot class path) so a test can tell sharing happened and that the leak is still named.
 */
public final class SharedStacksLoop {
    private SharedStacksLoop() {
    }

    public static void main(String[] args) throws Exception {
        DataSource pool = Databases.pool(args.length > 0 ? args[0] : "hikari", "h2", 4);
        Connection kept = null;
        for (int i = 0; i < 200; i++) {
            Connection c = pool.getConnection();                               // LEAK: loop
            if (i < 199) {
                c.close();
            } else {
                kept = c;
            }
        }
        Path file = Files.createTempFile("shared-stacks", ".txt");
        FileInputStream keptFile = null;
        for (int i = 0; i < 200; i++) {
            FileInputStream in = new FileInputStream(file.toFile());              // LEAK: file-loop
            if (i < 199) {
                in.close();
            } else {
                keptFile = in;
            }
        }
        LongAdder shared = (LongAdder) Class.forName("io.leakguard.bootstrap.Counters", false, null)
                .getField("SHARED_STACKS").get(null);
        System.out.println("SharedStacksLoop: holding " + (kept != null ? 1 : 0) + " and " + (keptFile != null ? 1 : 0)
                + ", shared " + shared.sum());
    }
}

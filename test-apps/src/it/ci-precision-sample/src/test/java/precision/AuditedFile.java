package precision;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;

/** An application's own subclass of a resource type: its constructor is part of the acquisition. */
public class AuditedFile extends RandomAccessFile {
    static volatile int opened;

    public AuditedFile(File f) throws IOException {
        super(f, "r");
        audit();
    }

    private static void audit() {
        opened++;
    }
}

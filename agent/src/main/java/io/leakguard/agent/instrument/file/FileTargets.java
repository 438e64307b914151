package io.leakguard.agent.instrument.file;

import io.leakguard.agent.instrument.weave.JdkTarget;
import java.util.List;

/** The file family's targets, in one list for the agent to install. */
public final class FileTargets {
    private FileTargets() {
    }

    public static List<JdkTarget> all() {
        return List.of(new FileInputStreamTarget(), new FileOutputStreamTarget(),
                new RandomAccessFileTarget(), new FileChannelImplTarget(), new ZipFileTarget(),
                new UnixDirectoryStreamTarget());
    }
}

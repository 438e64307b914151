package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.SlowIo")
@Label("Slow I/O")
@Description("A file or socket read, write or force blocked longer than io.slow, reported while still blocked; the site opened the resource")
final class SlowIoEvent extends FindingEvent {
}

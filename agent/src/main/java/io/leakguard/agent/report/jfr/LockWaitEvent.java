package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.LockWait")
@Label("Long Lock Wait")
@Description("A thread waited longer than lock.wait-timeout for a lock")
final class LockWaitEvent extends FindingEvent {
}

package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.Deadlock")
@Label("Deadlock")
@Description("Threads waiting for each other's locks: none of them can go on")
final class DeadlockEvent extends FindingEvent {
}

package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.Reclaimed")
@Label("Resource Reclaimed")
@Description("A leaked resource taken back by leakguard (enforce mode)")
final class ReclaimedEvent extends FindingEvent {
}

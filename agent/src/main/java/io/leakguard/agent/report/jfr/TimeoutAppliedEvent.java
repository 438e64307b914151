package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.TimeoutApplied")
@Label("Timeout Applied")
@Description("A default timeout fired: a lock wait given up (lock.on-timeout=throw)")
final class TimeoutAppliedEvent extends FindingEvent {
}

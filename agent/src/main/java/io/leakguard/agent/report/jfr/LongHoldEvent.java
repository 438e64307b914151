package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.LongHold")
@Label("Long Lock Hold")
@Description("A lock held longer than lock.hold-warn")
final class LongHoldEvent extends FindingEvent {
}

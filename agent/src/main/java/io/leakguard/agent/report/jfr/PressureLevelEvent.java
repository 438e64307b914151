package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.PressureLevel")
@Label("Pressure Level")
@Description("A change of file-descriptor, connection or heap pressure level")
final class PressureLevelEvent extends FindingEvent {
}

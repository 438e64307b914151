package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.Leak")
@Label("Resource Leak")
@Description("A resource held past leak.warn or leak.critical, collected without close(), open at exit, or a lock whose owner ended holding it")
final class LeakEvent extends FindingEvent {
}

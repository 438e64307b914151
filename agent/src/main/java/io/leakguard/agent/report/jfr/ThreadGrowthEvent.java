package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.ThreadGrowth")
@Label("Thread Growth")
@Description("More than thread.warn platform threads running at once from one line (started there, or workers of executors created there)")
final class ThreadGrowthEvent extends FindingEvent {
}

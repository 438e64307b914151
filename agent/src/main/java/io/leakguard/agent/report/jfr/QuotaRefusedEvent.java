package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.QuotaRefused")
@Label("Quota Refused")
@Description("An acquisition refused by a quota or a circuit breaker")
final class QuotaRefusedEvent extends FindingEvent {
}

package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.LongTransaction")
@Label("Long Transaction")
@Description("A JDBC transaction open longer than jdbc.tx-warn; the site is its first statement")
final class LongTransactionEvent extends FindingEvent {
}

package io.leakguard.agent.report.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("leakguard.IdleInTransaction")
@Label("Idle In Transaction")
@Description("A JDBC transaction with no statement for jdbc.tx-idle-warn; the site is its first statement")
final class IdleInTransactionEvent extends FindingEvent {
}

package io.leakguard.agent.instrument.jdbc;

import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_3;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.exit;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.refuse;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.thrown;
import static io.leakguard.agent.instrument.weave.Value.NULL;
import static io.leakguard.agent.instrument.weave.Value.RETURNED_OBJECT;

import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.MethodRule;
import io.leakguard.agent.instrument.weave.Value;
import java.util.List;

/**
 * Every java.sql.Driver: {@code connect(url, properties)} opens a physical connection (also
 * what DriverManager.getConnection calls). The URL and the user are kept for reports, with
 * credentials removed; the properties' password is never read. A quota refusal (enforce mode) is
 * thrown as SQLTransientConnectionException.
 */
public final class DriverTarget implements InterfaceTarget {
    @Override
    public String typeName() {
        return "java.sql.Driver";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(MethodHooks.where("connect(String, Properties)",
                MethodRule.named("connect").descriptorStarting("(Ljava/lang/String;Ljava/util/Properties;)"),
                refuse(DataSourceTarget.REFUSED, null, "connectEnter", DataSourceTarget.CONNECT_ENTER,
                        NULL, Value.arg(0), Value.arg(1)),
                exit("driverConnected", OBJECT_3, RETURNED_OBJECT, Value.arg(0), Value.arg(1)),
                thrown("driverConnected", OBJECT_3, NULL, Value.arg(0), Value.arg(1))));
    }
}

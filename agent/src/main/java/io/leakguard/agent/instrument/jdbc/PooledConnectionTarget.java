package io.leakguard.agent.instrument.jdbc;

import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_1;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_2;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.exit;
import static io.leakguard.agent.instrument.weave.Value.RETURNED_OBJECT;
import static io.leakguard.agent.instrument.weave.Value.THIS;

import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.MethodRule;
import java.util.List;

/**
 * Every javax.sql.PooledConnection, XAConnection included: what a pool keeps per physical
 * connection. Nothing here is an acquisition (the pool's borrow is, through DataSource). JDBC
 * says its close() closes the physical connection it stands for, so in ci mode the connection its
 * getConnection() handed out counts as closed then, as if that connection's own close() had run
 * (rule 1): a test double's XAConnection whose close() closes nothing (Agroal's own suite) no
 * longer leaves the handles over it open.
 */
public final class PooledConnectionTarget implements InterfaceTarget {
    @Override
    public String typeName() {
        return "javax.sql.PooledConnection";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                MethodHooks.where("getConnection()", MethodRule.named("getConnection").descriptorStarting("()"),
                        exit("pooledConnectionHanded", OBJECT_2, RETURNED_OBJECT, THIS)),
                // close() returned. Not when it threw: then it may have closed nothing (a driver
                // refusing to close a connection in a transaction), and a leak stays a leak.
                MethodHooks.where("close()", MethodRule.named("close").descriptorStarting("()"),
                        exit("pooledConnectionClosed", OBJECT_1, THIS)));
    }
}

package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.AppTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * Apache DBCP2's PoolableConnectionFactory: makeObject opens a physical connection; validate,
 * activate and passivate run statements on it, destroy closes it. All of it is the pool's own work.
 */
public final class Dbcp2ConnectionFactoryTarget implements AppTarget {
    @Override
    public String typeName() {
        return "org.apache.commons.dbcp2.PoolableConnectionFactory";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(JdbcCalls.scope("makeObject"), JdbcCalls.scope("validateObject"), JdbcCalls.scope("activateObject"),
                JdbcCalls.scope("passivateObject"), JdbcCalls.scope("destroyObject"));
    }
}

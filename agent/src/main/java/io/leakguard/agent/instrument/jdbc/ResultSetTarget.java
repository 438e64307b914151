package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * Every java.sql.ResultSet: released by close() (or by closing its statement or connection);
 * every other call (next, the getters) marks its connection used, for enforce mode's reclaim.
 */
public final class ResultSetTarget implements InterfaceTarget {
    private final boolean trackUse;

    public ResultSetTarget(boolean trackUse) {
        this.trackUse = trackUse;
    }

    @Override
    public String typeName() {
        return "java.sql.ResultSet";
    }

    @Override
    public List<MethodHooks> methods() {
        return trackUse ? List.of(JdbcCalls.use("close", "isClosed"), JdbcCalls.release())
                : List.of(JdbcCalls.release());
    }
}

package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import java.util.List;

/**
 * Every java.sql.ResultSet: released by close() (or by closing its statement or connection).
 * Its other calls (next, the getters: the hottest JDBC path there is) are not hooked: enforce
 * mode never reclaims a connection while a result set of it is open, and the close of one marks
 * its connection used ({@code JdbcPolicy.closed}), so a row read can say nothing more.
 */
public final class ResultSetTarget implements InterfaceTarget {

    @Override
    public String typeName() {
        return "java.sql.ResultSet";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(JdbcCalls.release());
    }
}

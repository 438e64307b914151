package io.leakguard.agent.instrument.jdbc;

import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_1;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_2;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.enter;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.exit;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.thrown;
import static io.leakguard.agent.instrument.weave.Value.NULL;
import static io.leakguard.agent.instrument.weave.Value.RETURNED_OBJECT;
import static io.leakguard.agent.instrument.weave.Value.THIS;

import io.leakguard.agent.instrument.weave.InterfaceTarget;
import io.leakguard.agent.instrument.weave.MethodHooks;
import io.leakguard.agent.instrument.weave.MethodRule;
import io.leakguard.agent.instrument.weave.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Every java.sql.Statement (and so PreparedStatement and CallableStatement): result sets are
 * acquired by executeQuery, getResultSet and getGeneratedKeys; close() releases the statement and its result sets.
 * The execute methods also mark the connection as executing (never reclaimed mid-query) and, in
 * enforce mode, get the default query timeout where the application set none and the statement
 * has none (applied in the bootstrap's QueryTimeouts); a setQueryTimeout of the application's
 * own, even 0, is left alone.
 */
public final class StatementTarget implements InterfaceTarget {
    private final boolean trackUse;

    /** @param trackUse every other SQL call marks the connection used (enforce mode's reclaim) */
    public StatementTarget(boolean trackUse) {
        this.trackUse = trackUse;
    }

    @Override
    public String typeName() {
        return "java.sql.Statement";
    }

    @Override
    public List<MethodHooks> methods() {
        List<MethodHooks> m = new ArrayList<>();
        // The first argument, when an object, is the SQL of a plain Statement's execute methods
        // (kept only with jdbc.capture-sql=on); a PreparedStatement's and the batch methods have none.
        m.add(MethodHooks.where("the execute methods", MethodRule.named("executeQuery", "execute", "executeUpdate",
                        "executeLargeUpdate", "executeBatch", "executeLargeBatch"),
                enter("executeEnter", OBJECT_2, THIS, Value.argObject(0)),
                exit("executeExit", OBJECT_2, RETURNED_OBJECT, THIS),
                thrown("executeExit", OBJECT_2, NULL, THIS)));
        if (trackUse) {
            m.add(MethodHooks.where("every SQL call but execute*, close, isClosed, getResultSet, getGeneratedKeys, setQueryTimeout",
                    MethodRule.sqlCallsExcept("close", "isClosed", "getResultSet", "getGeneratedKeys", "setQueryTimeout")
                            .exceptNamesStarting("execute"),
                    enter("used", OBJECT_1, THIS)));
        }
        // getGeneratedKeys' result set is the application's to close as much as a query's.
        m.add(MethodHooks.where("getResultSet, getGeneratedKeys", MethodRule.named("getResultSet", "getGeneratedKeys"),
                enter("enter", "()V"),
                exit("resultSetCreated", OBJECT_2, RETURNED_OBJECT, THIS), thrown("resultSetCreated", OBJECT_2, NULL, THIS)));
        // The application (or QueryTimeouts) chose a timeout: leave it alone, count ours as applied.
        m.add(MethodHooks.anyNamed("setQueryTimeout", enter("timeoutChosen", OBJECT_1, THIS)));
        m.add(JdbcCalls.release());
        return m;
    }
}

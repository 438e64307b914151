package io.leakguard.agent.instrument.jdbc;

import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_1;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_2;
import static io.leakguard.agent.instrument.jdbc.JdbcCalls.OBJECT_3;
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
import java.util.List;

/**
 * Every java.sql.Connection (drivers' and pools' proxies alike): statements are acquired by
 * createStatement, prepareStatement and prepareCall (whose SQL is passed on for
 * jdbc.capture-sql), and close() or abort(Executor) releases the connection and, as JDBC says,
 * every statement on it (so does a mock's isClosed() that said true, at judgment).
 */
public final class ConnectionTarget implements InterfaceTarget {
    @Override
    public String typeName() {
        return "java.sql.Connection";
    }

    @Override
    public List<MethodHooks> methods() {
        return List.of(
                // First, so that a refused call enters nothing below. Every call marks the
                // connection used (enforce mode reclaims only connections nobody touches); after
                // leakguard reclaimed a handle, its next use fails saying so and where it was
                // acquired, instead of the pool's puzzling "connection is closed". Two volatile
                // reads in monitor mode, or while nothing was ever reclaimed.
                MethodHooks.where("every SQL call but close, isClosed, abort, isValid",
                        MethodRule.sqlCallsExcept("close", "isClosed", "abort", "isValid"),
                        JdbcCalls.refuse("java/sql/SQLException", "08003", "connectionCall",
                                "(Ljava/lang/Object;)Ljava/lang/String;", THIS)),
                // commit() or rollback() returned: no transaction in progress.
                MethodHooks.where("commit() and rollback()",
                        MethodRule.named("commit", "rollback").descriptorStarting("()"),
                        exit("transactionEnded", OBJECT_1, THIS)),
                // setAutoCommit returned: autocommit as the application set it (true also commits).
                MethodHooks.where("setAutoCommit(boolean)", MethodRule.named("setAutoCommit").descriptorStarting("(Z)V"),
                        exit("autoCommitSet", "(Ljava/lang/Object;Z)V", THIS, Value.arg(0))),
                MethodHooks.anyNamed("createStatement", enter("enter", "()V"),
                        exit("statementCreated", OBJECT_2, RETURNED_OBJECT, THIS),
                        thrown("statementCreated", OBJECT_2, NULL, THIS)),
                // prepareStatement/prepareCall: the SQL goes along (kept only with jdbc.capture-sql=on).
                MethodHooks.where("prepareStatement(String, ..) and prepareCall(String, ..)",
                        MethodRule.named("prepareStatement", "prepareCall").descriptorStarting("(Ljava/lang/String;"),
                        enter("enter", "()V"),
                        exit("statementPrepared", OBJECT_3, RETURNED_OBJECT, THIS, Value.arg(0)),
                        thrown("statementPrepared", OBJECT_3, NULL, THIS, Value.arg(0))),
                // close(), returned or threw: whoever called it was done with the connection; ci
                // mode also remembers an untracked one (a pool's physical connection).
                MethodHooks.where("close()", MethodRule.named("close").descriptorStarting("()"),
                        exit("connectionClosed", OBJECT_1, THIS), thrown("connectionClosed", OBJECT_1, THIS)),
                // isClosed() returned true: a mock's answer is kept for the judge, which never asks a mock.
                MethodHooks.where("isClosed()", MethodRule.named("isClosed").descriptorStarting("()Z"),
                        exit("closedReported", "(ZLjava/lang/Object;)V", Value.RETURNED, THIS)),
                // abort(Executor) returned: JDBC says the connection is closed from then on. One
                // that threw (no permission, a null executor) closed nothing.
                MethodHooks.where("abort(Executor)",
                        MethodRule.named("abort").descriptorStarting("(Ljava/util/concurrent/Executor;)"),
                        exit("aborted", OBJECT_1, THIS)));
    }
}

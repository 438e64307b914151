package io.leakguard.agent.instrument.jdbc;

import io.leakguard.agent.instrument.Target;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** A JDBC interface's target: every implementation outside the JDK, whichever driver or pool. */
abstract class JdbcInterfaceTarget implements Target {
    @Override
    public final boolean byHierarchy() {
        return true;
    }

    @Override
    public final ElementMatcher<? super TypeDescription> type() {
        return JdbcTypes.implementing(typeName());
    }
}

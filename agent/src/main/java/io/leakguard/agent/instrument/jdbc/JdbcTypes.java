package io.leakguard.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.leakguard.bootstrap.Frames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Matches the application's and libraries' implementations of a JDBC interface. */
final class JdbcTypes {
    private JdbcTypes() {
    }

    /**
     * Every concrete class outside the JDK implementing {@code iface}. The cheap name checks come
     * first; the hierarchy walk is fail-safe, because libraries routinely ship classes whose
     * optional super types are missing, and that is no error of ours.
     */
    static ElementMatcher.Junction<TypeDescription> implementing(String iface) {
        return not(JDK).and(not(isInterface())).and(failSafe(hasSuperType(named(iface))));
    }

    /** The JDK's own classes, by the one list of its packages (see Frames). */
    private static final ElementMatcher.Junction<TypeDescription> JDK =
            new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
                @Override
                public boolean matches(TypeDescription type) {
                    return Frames.isJdk(type.getName());
                }
            };
}

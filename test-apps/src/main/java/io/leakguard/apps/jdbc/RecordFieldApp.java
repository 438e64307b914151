package io.leakguard.apps.jdbc;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.example.handles.PlainResultSet;
import org.example.handles.SerialResultSet;
import org.h2.jdbc.JdbcConnection;

/**
 * The record field the agent gives JDBC handle classes, seen from the application.
 * <ul>
 * <li>{@code shapes}: prints the default serialVersionUID of a serializable result set class
 *     (it must be what it is without the agent) and which classes carry the field; mocks H2's
 *     connection class with Mockito's inline mock maker, which retransforms a class that has the
 *     field (the JVM refuses a retransformation that drops it); leaks one connection.</li>
 * <li>{@code detach STOPFILE}: uses H2, prints "ready", waits for STOPFILE (the test detaches the
 *     agent meanwhile), then uses H2 again with classes woven before the detach and prints the result.</li>
 * </ul>
 */
public final class RecordFieldApp {
    private RecordFieldApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("shapes")) {
            shapes();
        } else {
            detach(Path.of(args[1]));
        }
    }

    private static void shapes() throws Exception {
        System.out.println("serial " + ObjectStreamClass.lookup(SerialResultSet.class).getSerialVersionUID()
                + " field " + holdsRecord(SerialResultSet.class));
        System.out.println("plain field " + holdsRecord(PlainResultSet.class));
        try (Connection closed = DriverManager.getConnection("jdbc:h2:mem:fields", "sa", "")) {
            System.out.println("h2 field " + holdsRecord(closed.getClass()));
            // A framework's proxy built from getClass().getInterfaces() (Spring's ProxyFactory
            // does so) lists the record interface too: the agent must never call it through
            // the application's handler.
            List<String> seen = new ArrayList<>();
            Connection proxy = (Connection) Proxy.newProxyInstance(RecordFieldApp.class.getClassLoader(),
                    closed.getClass().getInterfaces(), (p, m, a) -> {
                        seen.add(m.getName());
                        return m.invoke(closed, a);
                    });
            try (Statement st = proxy.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
                rs.next();
            }
            proxy.isValid(1);
            System.out.println("proxy lists field " + holdsRecord(proxy.getClass()) + ", its handler saw "
                    + seen.stream().filter(n -> n.startsWith("leakguard")).count() + " agent calls");
        }
        JdbcConnection mocked = mock(JdbcConnection.class);
        when(mocked.getAutoCommit()).thenReturn(false);
        System.out.println("inline mock autocommit " + mocked.getAutoCommit());
        Connection kept = DriverManager.getConnection("jdbc:h2:mem:fields", "sa", ""); // LEAK: kept
        System.out.println("kept " + !kept.isClosed());
    }

    private static void detach(Path stop) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:detach", "sa", "")) {
            try (PreparedStatement ps = c.prepareStatement("select 1"); ResultSet rs = ps.executeQuery()) {
                rs.next(); // H2's statement and result set classes loaded (and woven) before the detach
            }
            System.out.println("ready " + ProcessHandle.current().pid());
            while (!Files.exists(stop)) {
                Thread.sleep(50);
            }
            try (PreparedStatement ps = c.prepareStatement("select 41 + 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("after detach " + rs.getInt(1));
            }
        }
    }

    private static boolean holdsRecord(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            if (i.getName().equals("io.leakguard.bootstrap.RecordHolder")) {
                return true;
            }
        }
        return false;
    }
}

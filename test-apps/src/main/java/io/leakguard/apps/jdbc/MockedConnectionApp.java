package io.leakguard.apps.jdbc;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.mockito.invocation.Invocation;

/**
 * A unit test's Mockito doubles under monitor mode: a mocked DataSource hands out a mocked
 * Connection, which the code holds past leak.warn while the scanner reports it, then checks
 * that the connection saw only its own calls (verifyNoMoreInteractions). The agent must never
 * call the mock: a recorded isClosed() or unwrap() would fail the check.
 * Args: milliseconds to hold the connection.
 */
public final class MockedConnectionApp {
    private MockedConnectionApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("statement")) {
            statement();
            return;
        }
        if (args.length > 1 && args[1].equals("spy")) {
            spied();
            return;
        }
        long holdMillis = Long.parseLong(args[0]);
        DataSource ds = mock(DataSource.class);
        // "inline": a mock of a driver's concrete class, which Mockito 5's inline mock maker
        // makes by instrumenting the class itself: the mock keeps the class's own name.
        Connection mocked = args.length > 1 && args[1].equals("inline") ? mock(JdbcConnection.class) : mock(Connection.class);
        when(ds.getConnection()).thenReturn(mocked);
        Connection c = ds.getConnection(); // LEAK: held
        c.getAutoCommit();
        Thread.sleep(holdMillis);
        verify(c).getAutoCommit();
        verifyNoMoreInteractions(c);
        System.out.println("MockedConnectionApp: " + c.getClass().getName().contains("$MockitoMock$")
                + ", only the program's own calls");
    }

    /**
     * A Mockito spy of a real driver's connection (Mockito 5's inline mock maker instruments
     * every method of the class it spies): prints every call the spy saw, which must be the
     * same with and without the agent.
     */
    private static void spied() throws Exception {
        Connection c = spy(DriverManager.getConnection("jdbc:h2:mem:spied", "sa", ""));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
        }
        c.close();
        StringBuilder calls = new StringBuilder();
        for (Invocation i : mockingDetails(c).getInvocations()) {
            calls.append(' ').append(i.getMethod().getName());
        }
        System.out.println("MockedConnectionApp: the spy saw" + calls);
    }

    /**
     * A mocked statement run through a mocked connection from a mocked DataSource (all tracked):
     * enforce mode's default query timeout must not be set on it (getQueryTimeout and
     * setQueryTimeout would be recorded calls the test never made).
     */
    private static void statement() throws Exception {
        DataSource ds = mock(DataSource.class);
        Connection mocked = mock(Connection.class);
        PreparedStatement ps = mock(PreparedStatement.class);
        when(ds.getConnection()).thenReturn(mocked);
        when(mocked.prepareStatement("select 1")).thenReturn(ps);
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("select 1")) {
            p.executeQuery();
            verify(p).executeQuery();
            verifyNoMoreInteractions(p);
        }
        System.out.println("MockedConnectionApp: statement, only the program's own calls");
    }
}

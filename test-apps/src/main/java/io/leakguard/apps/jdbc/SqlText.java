package io.leakguard.apps.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaks a prepared statement whose parameter is a secret, and a result set from a plain
 * Statement's SQL: with jdbc.capture-sql=on the findings show both SQL texts, never the bound
 * value; off (the default), neither. Args: [db h2|postgres|mariadb].
 */
public final class SqlText {
    private static final List<Object> HELD = new ArrayList<>();

    private SqlText() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        Connection c = DriverManager.getConnection(Databases.url(db), Databases.properties(db)); // LEAK: connection
        HELD.add(c);
        PreparedStatement ps = c.prepareStatement("select   ? as looked_up\n  where 1 = 1"); // LEAK: prepared
        ps.setString(1, "hunter2-bound-value");
        ResultSet bound = ps.executeQuery();                                                // LEAK: bound
        bound.next();
        HELD.add(ps);
        Statement plain = c.createStatement();                                               // LEAK: plain
        ResultSet rs = plain.executeQuery("select 42 as answer");                           // LEAK: resultset
        rs.next();
        HELD.add(rs);
        HELD.add(bound);
        System.out.println("SqlText: holding " + HELD.size() + " handles, answer " + rs.getInt(1));
    }
}

package org.example.handles;

import java.sql.ResultSet;

/** The same result set class, not serializable: the agent gives it a record field. */
public abstract class PlainResultSet implements ResultSet {
    private int row;

    @Override
    public void close() {
        row = -1;
    }

    public int row() {
        return row;
    }
}
